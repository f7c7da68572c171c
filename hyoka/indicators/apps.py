from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "hyoka.indicators"
    verbose_name = "指標"

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hyoka.plans"
    verbose_name = "計画"

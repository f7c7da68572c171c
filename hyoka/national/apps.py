from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "hyoka.national"
    verbose_name = "全国データ"

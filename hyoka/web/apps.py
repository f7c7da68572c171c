from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hyoka.web"
    verbose_name = "画面"

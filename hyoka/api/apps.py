from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hyoka.api"
    verbose_name = "API"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hyoka.accounts"
    verbose_name = "利用者と役割"

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "hyoka.catalog"
    verbose_name = "標準指標・他団体比較"

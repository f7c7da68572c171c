from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hyoka.reports"
    verbose_name = "報告書"

from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "hyoka.evaluations"
    verbose_name = "評価"

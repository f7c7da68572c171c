from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "hyoka.ingest"
    verbose_name = "取り込み"

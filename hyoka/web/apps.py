from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hyoka.web"
    verbose_name = "画面"

    def ready(self) -> None:
        from hyoka.web.cache import connect_signals

        connect_signals()  # every write the public can see bumps its plan's version (hyoka/web/cache.py)

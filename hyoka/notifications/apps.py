from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hyoka.notifications"
    verbose_name = "通知"

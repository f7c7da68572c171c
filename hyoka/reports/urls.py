from django.urls import path, register_converter

from . import views


class _Word:
    regex = "[a-z_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_Word, "word")

app_name = "reports"
urlpatterns = [
    path("plans/<int:plan_id>/<word:layout>.<word:fmt>", views.download, name="download"),
]

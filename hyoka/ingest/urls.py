from django.urls import path, register_converter

from hyoka.ingest import views


class TokenConverter:
    """Exactly the shape of secrets.token_urlsafe(24): no dots, no slashes, nothing else reaches the view."""

    regex = "[A-Za-z0-9_-]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "upload_token")

urlpatterns = [
    path("", views.upload, name="import-upload"),
    path("<upload_token:token>/", views.preview, name="import-preview"),
    path("<upload_token:token>/columns", views.columns, name="import-columns"),
    path("<upload_token:token>/apply", views.apply, name="import-apply"),
]

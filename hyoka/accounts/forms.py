from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyoka.accounts.models import FailedLogin


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form that refuses to try a password after too many recent failures (per name or address)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "ログインの失敗が続いたため、しばらくログインできません。%(minutes)s分後にもう一度お試しください。"
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = client_address(self.request)
        window_start = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
        recent = FailedLogin.objects.filter(at__gte=window_start).filter(Q(username=username) | Q(address=address))
        if username and recent.count() >= settings.LOGIN_FAILURE_LIMIT:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            FailedLogin.objects.create(username=username, address=address)
            FailedLogin.objects.filter(at__lt=window_start).delete()
            raise

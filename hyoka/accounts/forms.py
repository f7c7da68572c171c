from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyoka.accounts.models import FailedLogin


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form that refuses to try a password after too many recent failures for the name,
    or from the address (with a higher limit: a whole office may share one address)."""

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
        recent = FailedLogin.objects.filter(at__gte=window_start)
        by_name = recent.filter(username=username).count()
        by_address = recent.filter(address=address).count() if address else 0
        if by_name >= settings.LOGIN_FAILURE_LIMIT or by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
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


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's login, throttled the same way (it would otherwise be a way around the limit)."""

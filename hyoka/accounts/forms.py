from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hyoka.accounts import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form behind the throttle (hyoka/accounts/throttle.py): the attempt is counted before
    the password is checked, and past the limit for the name or the address the password is not checked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "ログインの失敗が続いたため、しばらくログインできません。%(minutes)s分後にもう一度お試しください。"
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        try:
            attempt = throttle.begin_attempt(username, throttle.client_address(self.request))
        except throttle.Locked:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            ) from None
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.attempt_failed(attempt)
            raise
        throttle.attempt_succeeded(attempt)
        return cleaned


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's login, throttled the same way (it would otherwise be a way around the limit)."""

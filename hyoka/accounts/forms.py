from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hyoka.accounts import throttle
from hyoka.accounts.models import Profile
from hyoka.plans.fields import ManyChoiceField
from hyoka.plans.models import Department


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


class _DepartmentChoice(ManyChoiceField):
    def label_from_instance(self, department: Department) -> str:
        return f"{department.municipality.name} {department.name}"


class AccountForm(forms.Form):
    """What the planning office sets for a user: the role and, for a 所管課 login, its departments."""

    role = forms.ChoiceField(label=_("役割"), choices=Profile.Role.choices)
    departments = _DepartmentChoice(
        label=_("所管課"),
        queryset=Department.objects.select_related("municipality").order_by("municipality__code", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("所管課（入力担当）が入力できる課"),
    )


class InviteForm(AccountForm):
    username = forms.CharField(label=_("ログイン名"), max_length=150, validators=[UnicodeUsernameValidator()])
    email = forms.EmailField(label=_("メールアドレス"))
    last_name = forms.CharField(label=_("姓"), max_length=150, required=False)
    first_name = forms.CharField(label=_("名"), max_length=150, required=False)
    field_order = ["username", "email", "last_name", "first_name", "role", "departments"]


class AccountEditForm(AccountForm):
    active = forms.BooleanField(label=_("ログインできる（有効）"), required=False)

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hyoka.accounts import actions, throttle
from hyoka.accounts.access import require_planning_admin
from hyoka.accounts.forms import AccountEditForm, InviteForm, ThrottledAuthenticationForm
from hyoka.accounts.models import users_with_roles


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@login_required
@require_safe
def lockouts(request):
    """The planning office sees which names and addresses the login throttle holds back now."""
    require_planning_admin(request.user)
    return render(request, "accounts/lockouts.html", {"lockouts": throttle.current_lockouts()})


@login_required
@require_POST
def lockout_clear(request):
    """The planning office lets a name or an address try again (after checking who it was)."""
    require_planning_admin(request.user)
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "").strip()
    if kind in ("name", "address") and key:
        throttle.clear_lockout(kind=kind, key=key, by=request.user)
        messages.success(request, _("%(key)s のロックを解除しました。") % {"key": key})
    return redirect("lockouts")


@login_required
@require_safe
def users(request):
    """The planning office's list of logins: role, departments, active or not."""
    require_planning_admin(request.user)
    return render(request, "accounts/users.html", {"users": users_with_roles()})


@login_required
@require_http_methods(["GET", "POST"])
def user_invite(request):
    """Invite a user by e-mail: the login is made without a password, the mail carries a link to set one."""
    require_planning_admin(request.user)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.invite_user(**form.cleaned_data, by=request.user)
        except actions.AccountError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("%(email)s に招待メールを送りました。") % {"email": user.email})
            return redirect("users")
    return render(request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, user_id: int):
    """Set a user's role and departments, or deactivate the login (never deleted: the history names them)."""
    require_planning_admin(request.user)
    account = get_object_or_404(User.objects.select_related("profile"), pk=user_id)
    profile = getattr(account, "profile", None)
    initial = {"role": profile and profile.role, "active": account.is_active}
    initial["departments"] = list(profile.departments.all()) if profile else []
    form = AccountEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_account(
                user=account, role=data["role"], departments=data["departments"], active=data["active"], by=request.user
            )
        except actions.AccountError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("%(name)s を保存しました。") % {"name": account.get_username()})
            return redirect("users")
    context = {"form": form, "account": account}
    return render(request, "accounts/user_form.html", context, status=400 if form.errors else 200)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The invitation's link: the new user chooses a password (Django's one-time reset token), then logs in."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(self.request, _("パスワードを設定しました。ログインしてください。"))
        return super().form_valid(form)

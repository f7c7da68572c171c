from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hyoka.accounts import throttle
from hyoka.accounts.access import require_planning_admin
from hyoka.accounts.forms import ThrottledAuthenticationForm


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

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils import translation

from hyoka.evaluations.models import Change

from .models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["departments"]


admin.site.unregister(User)


def account_snapshot(user: User) -> dict[str, str]:
    """What decides what a user may do: their role, departments and flags, as the history keeps them (Japanese)."""
    profile = Profile.objects.filter(user_id=user.pk).prefetch_related("departments").first()
    with translation.override(settings.LANGUAGE_CODE):
        role = str(profile.get_role_display()) if profile else ""
    return {
        "役割": role,
        "所管課": "、".join(sorted(d.name for d in profile.departments.all())) if profile else "",
        "有効": "有効" if user.is_active else "無効",
        "管理者": "はい" if user.is_superuser else "いいえ",
    }


@admin.register(User)
class HyokaUserAdmin(UserAdmin):
    """User and role changes (利用者・役割の変更) are written to the history, with who made them."""

    inlines = [ProfileInline]
    list_display = ["username", "last_name", "first_name", "role", "is_active"]
    list_select_related = ["profile"]

    @admin.display(description="役割")
    def role(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ("企画課（管理者）" if user.is_superuser else "—")

    def save_model(self, request, obj: User, form, change: bool) -> None:
        # The role lives in the inline, saved after this: keep the before here, record after save_related.
        form.account_before = account_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before, after = getattr(form, "account_before", {}), account_snapshot(form.instance)
        changed = [k for k in after if before.get(k) != after[k]]
        if changed:
            Change.objects.create(
                user=request.user,
                action=Change.Action.ROLE_CHANGED,
                record="利用者（管理画面）",
                subject=form.instance.get_username(),
                before={k: before[k] for k in changed if k in before},
                after={k: after[k] for k in changed},
            )

    def delete_model(self, request, obj: User) -> None:
        Change.objects.create(
            user=request.user,
            action=Change.Action.DELETED,
            record="利用者（管理画面）",
            subject=obj.get_username(),
            before=account_snapshot(obj),
        )
        super().delete_model(request, obj)

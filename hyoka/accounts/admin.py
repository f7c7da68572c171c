from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["departments"]


admin.site.unregister(User)


@admin.register(User)
class HyokaUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "last_name", "first_name", "role", "is_active"]
    list_select_related = ["profile"]

    @admin.display(description="役割")
    def role(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ("企画課（管理者）" if user.is_superuser else "—")

from django.contrib import admin
from django.utils import timezone

from hyoka.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with `hyoka token USER` (the token is shown once); here they are listed and revoked."""

    list_display = ["name", "prefix", "user", "created", "last_used", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "prefix", "created", "last_used"]
    fields = ["user", "name", "prefix", "created", "last_used", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="選択したトークンを失効させる")
    def revoke(self, request, queryset) -> None:
        queryset.filter(revoked_at=None).update(revoked_at=timezone.now())

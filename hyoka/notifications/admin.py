from django.contrib import admin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: the log says what went out; `hyoka remind` writes it."""

    list_display = ["sent_at", "cycle", "days_before", "deadline", "email"]
    list_filter = ["days_before"]
    list_select_related = ["cycle", "cycle__plan"]
    search_fields = ["email", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

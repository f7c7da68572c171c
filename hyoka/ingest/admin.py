from django.contrib import admin

from .models import ColumnChoice


@admin.register(ColumnChoice)
class ColumnChoiceAdmin(admin.ModelAdmin):
    """Remembered column meanings: made by imports (preview → apply), so only seen and forgotten here;
    deleting one makes the city's next import of that layout read the column by its words again."""

    list_display = ["municipality", "header", "column_number", "kind", "signature", "chosen_by", "chosen_at"]
    list_filter = ["municipality", "kind"]
    list_select_related = ["municipality", "chosen_by"]
    search_fields = ["header", "signature"]
    readonly_fields = ["municipality", "signature", "column", "header", "kind", "chosen_by", "chosen_at"]

    @admin.display(description="列")
    def column_number(self, obj: ColumnChoice) -> int:
        return obj.column + 1

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

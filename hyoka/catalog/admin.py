from django.contrib import admin

from hyoka.catalog.models import IndicatorLink, StandardIndicator


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "direction", "category", "estat_code", "ssds_code"]
    list_filter = ["category", "direction"]
    search_fields = ["code", "name", "aliases"]


@admin.register(IndicatorLink)
class IndicatorLinkAdmin(admin.ModelAdmin):
    list_display = ["indicator", "standard", "status", "decided_by", "decided_at"]
    list_filter = ["status", "standard"]
    list_select_related = ["indicator", "standard", "decided_by"]
    raw_id_fields = ["indicator"]
    search_fields = ["indicator__name", "standard__name"]

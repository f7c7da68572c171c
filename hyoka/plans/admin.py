from django.contrib import admin

from hyoka.evaluations.admin import RecordedAdmin

from .models import Benchmark, DataLoad, Department, Municipality, Plan, Revision, Section


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "prefecture", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


class RevisionInline(admin.StackedInline):
    model = Revision
    extra = 0


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    extra = 0
    fields = ["indicator", "area", "value", "unit", "period_label", "year", "source", "position"]


@admin.register(Plan)
class PlanAdmin(RecordedAdmin):
    list_display = ["title", "version", "municipality", "kind", "start_fy", "end_fy", "published"]
    list_filter = ["municipality", "kind", "published"]
    search_fields = ["title"]
    inlines = [RevisionInline, BenchmarkInline]

    def history_plan_id(self, obj: Plan) -> int | None:
        return obj.pk


@admin.register(Section)
class SectionAdmin(RecordedAdmin):
    list_display = ["__str__", "plan", "parent", "pages"]
    list_filter = ["plan", "level"]
    list_select_related = ["plan", "parent"]
    search_fields = ["title"]
    raw_id_fields = ["parent"]


@admin.register(DataLoad)
class DataLoadAdmin(admin.ModelAdmin):
    """The history of what documents wrote into each plan; kept as written, so read-only here."""

    list_display = ["at", "plan_label", "source", "provenance", "by", "summary"]
    list_filter = ["plan"]
    list_select_related = ["plan", "by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

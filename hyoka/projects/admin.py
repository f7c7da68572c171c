from django.contrib import admin

from hyoka.evaluations.admin import RecordedAdmin

from .models import Attachment, BudgetItem, Project, ProjectBudgetItem, ProjectDepartment


class DepartmentInline(admin.TabularInline):
    model = ProjectDepartment
    extra = 0


class BudgetInline(admin.TabularInline):
    model = ProjectBudgetItem
    extra = 0
    raw_id_fields = ["budget_item"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Project)
class ProjectAdmin(RecordedAdmin):
    list_display = ["number", "name", "status", "section", "plan"]
    list_filter = ["plan", "status"]
    list_select_related = ["plan", "section"]
    search_fields = ["name", "description"]
    raw_id_fields = ["section"]
    inlines = [DepartmentInline, BudgetInline, AttachmentInline]


@admin.register(BudgetItem)
class BudgetItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["code", "name"]

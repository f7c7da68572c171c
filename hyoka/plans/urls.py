"""Plan upkeep (計画の管理), the planning office's: /plans/new, /plans/template.xlsx, /plans/<plan>/edit/…"""

from django.urls import path

from . import views

urlpatterns = [
    path("new", views.plan_new, name="plan-new"),
    path("template.xlsx", views.plan_template, name="plan-template"),
    path("<int:plan_id>/edit/", views.plan_upkeep, name="plan-upkeep"),
    path("<int:plan_id>/edit/basics", views.plan_basics, name="plan-upkeep-basics"),
    path("<int:plan_id>/edit/sections/new", views.section_edit, name="plan-upkeep-section-new"),
    path("<int:plan_id>/edit/sections/<int:section_id>/", views.section_edit, name="plan-upkeep-section"),
    path("<int:plan_id>/edit/sections/<int:section_id>/move", views.section_move, name="plan-upkeep-section-move"),
    path(
        "<int:plan_id>/edit/sections/<int:section_id>/delete", views.section_delete, name="plan-upkeep-section-delete"
    ),
    path("<int:plan_id>/edit/indicators/new", views.indicator_edit, name="plan-upkeep-indicator-new"),
    path("<int:plan_id>/edit/indicators/<int:indicator_id>/", views.indicator_edit, name="plan-upkeep-indicator"),
    path("<int:plan_id>/edit/projects/new", views.project_edit, name="plan-upkeep-project-new"),
    path("<int:plan_id>/edit/projects/<int:project_id>/", views.project_edit, name="plan-upkeep-project"),
    path("<int:plan_id>/edit/scheme", views.scheme_edit, name="plan-upkeep-scheme"),
    path("<int:plan_id>/edit/departments/", views.departments, name="plan-upkeep-departments"),
    path(
        "<int:plan_id>/edit/departments/<int:department_id>/rename",
        views.department_rename,
        name="plan-upkeep-department-rename",
    ),
]

from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("ping/", views.ping, name="ping"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("catalog.json", views.catalog, name="open-data-catalog"),
    path("open-data/columns.csv", views.open_data_columns, name="open-data-columns"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/publication", views.plan_publication, name="plan-publication"),
    path("plans/<int:plan_id>/open-data.csv", views.plan_csv, name="plan-csv"),
    path("plans/<int:plan_id>/open-data.json", views.plan_json, name="plan-json"),
    path("plans/<int:plan_id>/indicators/<int:indicator_id>/", views.indicator_detail, name="indicator-detail"),
    path("plans/<int:plan_id>/indicators/<int:indicator_id>/target", views.indicator_target, name="indicator-target"),
    path("plans/<int:plan_id>/projects/", views.project_list, name="project-list"),
    path("plans/<int:plan_id>/projects/<int:project_id>/", views.project_detail, name="project-detail"),
]

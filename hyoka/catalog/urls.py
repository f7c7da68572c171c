from django.urls import path

from . import views

urlpatterns = [
    path("standard-indicators/", views.standard_list, name="standard-indicator-list"),
    path("standard-indicators/plans/<int:plan_id>/links/", views.plan_links, name="plan-links"),
    path("compare/indicators/<slug:code>/", views.compare_indicator, name="compare-indicator"),
    path("compare/indicators/<slug:code>/data.csv", views.compare_indicator_csv, name="compare-indicator-csv"),
    path("compare/indicators/<slug:code>/data.json", views.compare_indicator_json, name="compare-indicator-json"),
    path("compare/municipalities/<str:code>/", views.compare_municipality, name="compare-municipality"),
    path("compare/municipalities/<str:code>/data.csv", views.compare_municipality_csv, name="compare-municipality-csv"),
    path(
        "compare/municipalities/<str:code>/data.json",
        views.compare_municipality_json,
        name="compare-municipality-json",
    ),
]

from django.urls import path

from . import views, workbook_views

urlpatterns = [
    path("", views.cycle_home, name="cycle-home"),
    path("plans/<int:plan_id>/open", views.cycle_open, name="cycle-open"),
    path("plans/<int:plan_id>/reopen", views.cycle_reopen, name="cycle-reopen"),
    path("plans/<int:plan_id>/history/", views.plan_history, name="cycle-history"),
    path("<int:cycle_id>/", views.cycle_detail, name="cycle-detail"),
    path("<int:cycle_id>/indicators/", views.plan_indicators, name="cycle-indicators"),
    path("<int:cycle_id>/publish", views.cycle_publish, name="cycle-publish"),
    path("<int:cycle_id>/workbook.xlsx", workbook_views.workbook_download, name="cycle-workbook"),
    path("<int:cycle_id>/workbook/upload", workbook_views.workbook_upload, name="cycle-workbook-upload"),
    path("<int:cycle_id>/workbook/apply", workbook_views.workbook_apply, name="cycle-workbook-apply"),
    path("<int:cycle_id>/approve", workbook_views.bulk_approve, name="cycle-bulk-approve"),
    path("<int:cycle_id>/entries/<int:evaluation_id>/", views.entry, name="cycle-entry"),
    path("<int:cycle_id>/entries/<int:evaluation_id>/return", views.entry_return, name="cycle-entry-return"),
    path("<int:cycle_id>/entries/<int:evaluation_id>/approve", views.entry_approve, name="cycle-entry-approve"),
    path("<int:cycle_id>/entries/<int:evaluation_id>/comment", views.entry_comment, name="cycle-entry-comment"),
    path(
        "<int:cycle_id>/entries/<int:evaluation_id>/opinion", views.entry_committee_opinion, name="cycle-entry-opinion"
    ),
    path("<int:cycle_id>/entries/<int:evaluation_id>/response", views.entry_city_response, name="cycle-entry-response"),
]

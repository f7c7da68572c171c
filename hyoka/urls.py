from django.contrib import admin
from django.urls import include, path

from hyoka.accounts.forms import ThrottledAdminAuthenticationForm
from hyoka.api.api import api

admin.site.site_header = "Hyoka 計画進捗管理"
admin.site.site_title = "Hyoka"
admin.site.index_title = "管理"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("hyoka.accounts.urls")),
    path("api/", api.urls),
    path("cycle/", include("hyoka.evaluations.urls")),
    path("import/", include("hyoka.ingest.urls")),
    path("plans/", include("hyoka.plans.urls")),
    path("reports/", include("hyoka.reports.urls")),
    path("tasks/", include("hyoka.notifications.urls")),
    path("", include("hyoka.catalog.urls")),  # /standard-indicators/…, /compare/…
    path("", include("hyoka.web.urls")),
]

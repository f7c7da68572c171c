from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
]

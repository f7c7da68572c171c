from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/clear", views.lockout_clear, name="lockout-clear"),
    path("users/", views.users, name="users"),
    path("users/invite", views.user_invite, name="user-invite"),
    path("users/<int:user_id>/", views.user_edit, name="user-edit"),
    path("set-password/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password-set"),
]

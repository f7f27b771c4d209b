from __future__ import annotations

from django.urls import path

from pathways.accounts import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("home/", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("login/code/", two_factor.verify_view, name="two_factor_verify"),
    path("profile/two-factor/", two_factor.manage_view, name="two_factor"),
    path("profile/password/", views.password_change, name="password_change"),
]

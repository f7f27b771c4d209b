from __future__ import annotations

from django.urls import path

from pathways.accounts import password_reset, recovery, two_factor, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("home/", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("login/code/", two_factor.verify_view, name="two_factor_verify"),
    path("profile/two-factor/", two_factor.manage_view, name="two_factor"),
    path("profile/two-factor/recovery-codes/", recovery.codes_view, name="recovery_codes"),
    path("profile/password/", views.password_change, name="password_change"),
    path("password/reset/", password_reset.password_reset, name="password_reset"),
    path("password/reset/sent/", password_reset.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        password_reset.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        password_reset.password_reset_complete,
        name="password_reset_complete",
    ),
]

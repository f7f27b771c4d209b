from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pathways.accounts"
    label = "accounts"

    def ready(self) -> None:
        from pathways.programs import freshness

        # No figure reads accounts, memberships (the dashboard's cache key holds the
        # reader's scope), sign-in devices or sign-in attempts.
        for label in ("accounts", "auth", "otp_totp", "otp_static", "axes", "sessions"):
            freshness.register_unread(label)

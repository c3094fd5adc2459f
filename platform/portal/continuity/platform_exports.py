"""The town exports of Django's, the libraries' and the platform's own town apps (the
modules and the ledger declare theirs themselves)."""

from __future__ import annotations

from .declarations import TownExport, declare_town_export

PLATFORM_EXPORTS = (
    # Content types and permissions come with their ids: generic relations (reports,
    # audit entries, admin log) and granted permissions point at them by id.
    TownExport(app="contenttypes", models=("ContentType",)),
    TownExport(app="auth", models=("Permission", "Group")),
    TownExport(
        app="sessions",
        excluded={"Session": "a login on the old host; people log in again after a move"},
    ),
    TownExport(app="admin", models=("LogEntry",)),
    TownExport(app="authtoken", models=("Token",)),
    TownExport(
        app="accounts",
        models=("User", "Invitation", "AuditEntry", "SecuritySettings", "DataExport"),
    ),
    TownExport(app="otp_totp", models=("TOTPDevice",)),
    TownExport(app="branding", models=("Branding", "TownPages")),
    TownExport(app="moderation", models=("Report",)),
    TownExport(app="behalf", models=("ManagedResident", "Consent")),
    TownExport(app="letters", models=("Letter", "Section", "Delivery")),
    TownExport(app="notifications", models=("Notification", "Preference", "Digest")),
    TownExport(app="search", models=("UnfoundSearch",)),
    TownExport(app="dashboard", models=("SeenDay",)),
    TownExport(app="mail_log", models=("SentEmail",)),
)


def declare_platform_exports() -> None:
    for declaration in PLATFORM_EXPORTS:
        declare_town_export(declaration)

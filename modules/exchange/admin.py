"""Django admin for the exchange: look, don't edit the ledger (entries are immutable)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    ExchangeSettings,
    Listing,
    ModerationAction,
    Report,
    TimeEntry,
    TimeTransfer,
)


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin[Listing]):
    list_display = ["title", "kind", "listing_type", "status", "is_hidden", "expires_at"]
    list_filter = ["kind", "listing_type", "status", "is_hidden"]
    search_fields = ["title"]
    raw_id_fields = ["owner"]


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TimeTransfer)
class TimeTransferAdmin(_ReadOnly):
    list_display = ["public_id", "minutes", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]


@admin.register(TimeEntry)
class TimeEntryAdmin(_ReadOnly):
    list_display = ["account", "transfer", "minutes", "created_at"]


@admin.register(ModerationAction)
class ModerationActionAdmin(_ReadOnly):
    list_display = ["action", "actor", "subject", "created_at"]
    list_filter = ["action"]


admin.site.register(Report)
admin.site.register(ExchangeSettings)

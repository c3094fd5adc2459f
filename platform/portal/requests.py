"""Typed requests: the middleware has resolved the town before any view runs."""

from __future__ import annotations

from django.http import HttpRequest

from portal.accounts.models import User
from tenants.models import Town


class TownRequest(HttpRequest):
    tenant: Town
    user: User

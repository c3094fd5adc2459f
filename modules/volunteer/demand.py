"""Unmet demand: counting who looked at a service, started a request, was refused (and by
which rule) or sent one, without learning who they were.

A person is counted once per service, step, rule and month. The key is an HMAC of the
user's id (or, for visitors not logged in, their session key) with the service and the
month, so the rows cannot be joined back to a person or across months."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from portal.letters.periods import town_today

from .models import DemandEvent, DemandStep, Service


def month_of(day: date) -> date:
    return day.replace(day=1)


def visitor_key(*, who: str, service: Service, month: date) -> str:
    message = f"{who}|{service.pk}|{month.isoformat()}".encode()
    secret = ("volunteer-demand:" + settings.SECRET_KEY).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def who_of(request: HttpRequest) -> str:
    """The person behind a request: the user id, else the session (made if missing)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if request.session.session_key is None:
        request.session.save()
    return f"session:{request.session.session_key}"


def record_demand(*, service: Service, step: str, who: str, rule: str = "") -> None:
    """Count one step; a repeat by the same person in the same month counts nothing."""
    assert step in DemandStep.values
    month = month_of(town_today())
    key = visitor_key(who=who, service=service, month=month)
    try:
        with transaction.atomic():
            DemandEvent.objects.get_or_create(
                service=service, month=month, step=step, rule=rule, visitor=key
            )
    except IntegrityError:  # the same step at the same moment from a second tab
        pass

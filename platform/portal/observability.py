"""Sentry, only when SENTRY_DSN is set. Every event is tagged with the schema (`town`) the
database connection was set to when it was captured: a town's request or task, or public."""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport


def tag_town(event: Any, hint: Any) -> Any:
    """before_send: add the current schema as tag `town` (no personal data is added)."""
    from tenants.current import current_schema

    event.setdefault("tags", {})
    if isinstance(event["tags"], dict):
        event["tags"]["town"] = current_schema()
    return event


def init_sentry(dsn: str, *, environment: str, transport: type[Transport] | None = None) -> None:
    """Start the SDK; `transport` replaces the network (tests record events with it).

    Personal data stays out: send_default_pii keeps its default (off), so no user ids,
    cookies or IP addresses are sent; and no stack frame's local variables are sent, since
    a fault while a ballot is stored would otherwise send the voter beside their choice.
    """
    options: dict[str, Any] = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=0.0,
        include_local_variables=False,
        before_send=tag_town,
        **options,
    )

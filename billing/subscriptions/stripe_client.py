"""The one way our code talks to Stripe: configuration, and creating objects exactly once.

Every call that creates something goes through `create_once` with a key made of our own
immutable ids (e.g. "town:<schema>:customer", "shop:<schema>:fees:<provider>:2026-11"). The
key is sent as Stripe's Idempotency-Key and put in the object's metadata (`lq_key`), and our
`StripeRecord` under the key is committed before the call. So:
- a retry of a finished create returns the stored id and calls nothing;
- a retry after a timeout (the record still pending) looks the object up by its `lq_key`
  first, and creates it only if Stripe has none: one object, also against localstripe, which
  ignores Idempotency-Key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import StripeRecord

# Stripe's own client retries; ours do it through create_once (a task retried later).
NETWORK_RETRIES = 0
TIMEOUT_SECONDS = 20


class BillingOff(Exception):
    """Billing is switched off: no STRIPE_API_KEY."""


def billing_enabled() -> bool:
    """True when a Stripe key is configured (else billing is off, and says so)."""
    return bool(settings.STRIPE_API_KEY)


def options() -> dict[str, Any]:
    """The keyword arguments every SDK call takes: the key, and the server (localstripe in
    development and tests). Raises BillingOff without a key."""
    if not billing_enabled():
        raise BillingOff("STRIPE_API_KEY is not set")
    stripe.api_base = settings.STRIPE_API_BASE
    stripe.max_network_retries = NETWORK_RETRIES
    return {"api_key": settings.STRIPE_API_KEY}


def configure_http_client() -> None:
    """A request that hangs must not hold a worker: one timeout for every call."""
    stripe.default_http_client = stripe.RequestsClient(timeout=TIMEOUT_SECONDS)


def _record(key: str, kind: str) -> StripeRecord:
    """The record under `key`, made and committed now if it does not exist."""
    try:
        with transaction.atomic():
            record, _ = StripeRecord.objects.get_or_create(key=key, defaults={"kind": kind})
    except IntegrityError:
        record = StripeRecord.objects.get(key=key)
    return record


def create_once(
    *,
    key: str,
    kind: str,
    create: Callable[[dict[str, Any]], Any],
    find: Callable[[str], str | None],
) -> str:
    """The Stripe id of the object under `key`, created at most once.

    `create(extra)` makes the object: it passes `**extra` (the API key and the idempotency
    key) to the SDK call and puts `metadata={"lq_key": key, ...}` on the object.
    `find(key)` returns the id of an object in Stripe whose metadata `lq_key` is `key`, or
    None. Must not run inside an outer transaction (the record is committed before the call)."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("create_once must run outside a transaction (it commits its record)")
    record = _record(key, kind)
    if record.state == StripeRecord.State.DONE:
        return record.stripe_id
    failure: Exception | None = None
    with transaction.atomic():
        # One caller at a time per key: a second one waits here and then finds it done.
        record = StripeRecord.objects.select_for_update().get(pk=record.pk)
        if record.state == StripeRecord.State.DONE:
            return record.stripe_id
        tried_before = record.attempts > 0
        record.attempts += 1
        record.save(update_fields=["attempts"])
        try:
            stripe_id = (find(key) if tried_before else None) or str(
                create({"idempotency_key": key, **options()}).id
            )
        except Exception as error:
            # The attempt is committed, so the retry looks the object up before creating.
            failure = error
        else:
            record.state = StripeRecord.State.DONE
            record.stripe_id = stripe_id
            record.completed_at = timezone.now()
            record.save(update_fields=["state", "stripe_id", "completed_at"])
    if failure is not None:
        raise failure
    return record.stripe_id


PAGE = 100


def listed(
    lister: Any, *, on_page: Callable[[], None] | None = None, **filters: Any
) -> Iterator[Any]:
    """Every object `lister` (e.g. stripe.Invoice.list) holds, page by page; `on_page` is
    called once per page read (to count calls)."""
    starting_after: str | None = None
    while True:
        page_args: dict[str, Any] = {"limit": PAGE, **filters, **options()}
        if starting_after:
            page_args["starting_after"] = starting_after
        page = lister(**page_args)
        if on_page is not None:
            on_page()
        yield from page.data
        if not page.has_more or not page.data:
            return
        starting_after = page.data[-1].id


def find_by_key(
    lister: Any, key: str, *, on_page: Callable[[], None] | None = None, **filters: Any
) -> str | None:
    """The id of the object `lister` holds whose metadata lq_key is `key` (localstripe
    filters lists by nothing but the page); create_once's `find`."""
    for obj in listed(lister, on_page=on_page, **filters):
        if metadata_of(obj).get("lq_key") == key:
            return str(obj.id)
    return None


def recorded_id(key: str) -> str | None:
    """The Stripe id created under `key`, if its create finished."""
    record = StripeRecord.objects.filter(key=key, state=StripeRecord.State.DONE).first()
    return record.stripe_id if record is not None else None


def as_dict(obj: Any) -> dict[str, Any]:
    """A Stripe object (or an event's payload) as plain dicts and lists: the SDK's objects
    are not dicts since stripe 15 (no .get), the webhooks' payloads already are."""
    if isinstance(obj, dict):
        return obj
    return dict(obj.to_dict())


def metadata_of(obj: Any) -> dict[str, str]:
    """The object's metadata as a plain dict ({} when it has none)."""
    return dict(as_dict(obj).get("metadata") or {})

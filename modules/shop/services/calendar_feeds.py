"""A business's private calendar feed: one secret address per provider that calendar apps
subscribe to (`/shop/calendar/<token>.ics`).

The token is the only key: 256 random bits (`secrets.token_urlsafe(32)`), stored as it is and
found through its unique index. Renewing draws a new token, so the old address answers 404 at
once; revoking removes the feed. Who may do this is who may act for the business: its owner,
or the network manager for a profile nobody has claimed yet (`orders.may_act_for_provider`).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User

from ..models import CalendarFeed, Provider
from .orders import may_act_for_provider


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _check(provider: Provider, by: User) -> None:
    if not may_act_for_provider(user=by, provider=provider):
        raise PermissionDenied(_("Only the business itself can manage its calendar address."))


def _locked_feed(provider: Provider) -> CalendarFeed | None:
    return CalendarFeed.objects.select_for_update().filter(provider=provider).first()


def _audit(by: User, action: str, provider: Provider) -> None:
    # Only when someone acts for the business: its owner's own changes need no trail.
    if provider.owner_id != by.pk:
        record_audit(actor=by, action=action, target=provider)


@transaction.atomic
def create_feed(*, provider: Provider, by: User) -> CalendarFeed:
    """The provider's feed, made now if it has none (a second click returns the same one)."""
    _check(provider, by)
    existing = _locked_feed(provider)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.create(provider=provider, token=_new_token())
    except IntegrityError:  # made by a parallel click a moment ago
        return CalendarFeed.objects.get(provider=provider)
    _audit(by, "shop_calendar_feed_created", provider)
    return feed


@transaction.atomic
def renew_feed(*, provider: Provider, by: User) -> CalendarFeed:
    """A new secret address for the feed; the old one stops working at once."""
    _check(provider, by)
    feed = _locked_feed(provider)
    if feed is None:
        feed = CalendarFeed(provider=provider)
    feed.token = _new_token()
    feed.created_at = timezone.now()
    feed.save()
    _audit(by, "shop_calendar_feed_renewed", provider)
    return feed


@transaction.atomic
def revoke_feed(*, provider: Provider, by: User) -> bool:
    """Switch the feed off: its address answers 404 from now on. False if there was none."""
    _check(provider, by)
    feed = _locked_feed(provider)
    if feed is None:
        return False
    feed.delete()
    _audit(by, "shop_calendar_feed_revoked", provider)
    return True

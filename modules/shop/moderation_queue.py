"""The shop's part of the console's moderation queue: providers waiting for approval, and
reported and hidden offers, acted on through the shop's own services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.moderation import services as kit
from portal.moderation.queue import HIDDEN, PENDING, REPORTED, QueueItem, reasons, reported_in

from . import selectors, services
from .models import Offer, Provider

# Hidden offers shown for restoring: the most recent ones, so the queue stays one page.
HIDDEN_SHOWN = 50


def _offer_item(
    offer: Offer, *, state: str, since: datetime | None = None, reported: tuple[str, ...] = ()
) -> QueueItem:
    return QueueItem(
        module="shop",
        kind="offer",
        public_id=offer.public_id,
        kind_label=_("Offer"),
        title=offer.title,
        excerpt=offer.description[:300],
        link=reverse("shop:offer", args=[offer.public_id]),
        since=since or offer.hidden_at or offer.created_at,
        state=state,
        actions=("restore", "dismiss") if offer.is_hidden else ("hide", "dismiss"),
        is_hidden=offer.is_hidden,
        author=offer.provider.name,
        reasons=reported,
    )


class ShopQueue:
    module = "shop"

    def queue_items(self) -> list[QueueItem]:
        items = [
            QueueItem(
                module=self.module,
                kind="provider",
                public_id=provider.public_id,
                kind_label=_("Business"),
                title=provider.name,
                excerpt=provider.description[:300],
                link=reverse("shop:detail", args=[provider.slug]),
                since=provider.created_at,
                state=PENDING,
                actions=("approve", "reject"),
                author=provider.created_by.full_name if provider.created_by else "",
            )
            for provider in selectors.pending_providers()
        ]
        offers = Offer.objects.select_related("provider")
        seen: set[UUID] = set()
        for offer, reports in reported_in(offers):
            items.append(
                _offer_item(
                    offer, state=REPORTED, since=reports[0].created_at, reported=reasons(reports)
                )
            )
            seen.add(offer.public_id)
        hidden = offers.filter(is_hidden=True).order_by("-hidden_at")[:HIDDEN_SHOWN]
        items += [_offer_item(o, state=HIDDEN) for o in hidden if o.public_id not in seen]
        return items

    def exists(self, *, kind: str, public_id: UUID) -> bool:
        if kind == "provider":
            return Provider.objects.filter(public_id=public_id).exists()
        if kind == "offer":
            return Offer.objects.filter(public_id=public_id).exists()
        return False

    def act(self, *, kind: str, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        if kind == "offer":
            self._act_on_offer(
                public_id=public_id, action=action, moderator=moderator, reason=reason
            )
            return
        provider = Provider.objects.filter(public_id=public_id).first()
        if kind != "provider" or provider is None:
            raise LookupError(public_id)
        if action == "approve":
            services.approve_provider(provider=provider, approved_by=moderator)
        elif action == "reject":
            services.reject_provider(provider=provider, rejected_by=moderator, reason=reason)
        else:
            raise ValidationError(_("This cannot be done with this content."))

    def _act_on_offer(self, *, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        offer = Offer.objects.filter(public_id=public_id).first()
        if offer is None:
            raise LookupError(public_id)
        actions: dict[str, Callable[[], object]] = {
            "hide": lambda: services.hide_offer(offer=offer, moderator=moderator, reason=reason),
            "restore": lambda: services.restore_offer(
                offer=offer, moderator=moderator, reason=reason
            ),
            "dismiss": lambda: kit.dismiss(target=offer, moderator=moderator, reason=reason),
        }
        run = actions.get(action)
        if run is None:
            raise ValidationError(_("This cannot be done with this content."))
        run()

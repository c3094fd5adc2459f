"""The shop's part of the console's moderation queue: providers waiting for approval."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.moderation.queue import PENDING, QueueItem

from . import selectors, services
from .models import Provider


class ShopQueue:
    module = "shop"

    def queue_items(self) -> list[QueueItem]:
        return [
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

    def exists(self, *, kind: str, public_id: UUID) -> bool:
        return kind == "provider" and Provider.objects.filter(public_id=public_id).exists()

    def act(self, *, kind: str, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        provider = Provider.objects.filter(public_id=public_id).first()
        if kind != "provider" or provider is None:
            raise LookupError(public_id)
        if action == "approve":
            services.approve_provider(provider=provider, approved_by=moderator)
        elif action == "reject":
            services.reject_provider(provider=provider, rejected_by=moderator, reason=reason)
        else:
            raise ValidationError(_("This cannot be done with this content."))

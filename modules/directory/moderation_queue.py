"""The directory's part of the console's moderation queue: organisations waiting for approval,
approved or rejected through the directory's own services."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.moderation.queue import PENDING, QueueItem

from . import selectors, services
from .models import Organisation


class DirectoryQueue:
    module = "directory"

    def queue_items(self) -> list[QueueItem]:
        return [
            QueueItem(
                module=self.module,
                kind="organisation",
                public_id=organisation.public_id,
                kind_label=_("Organisation"),
                title=organisation.name,
                excerpt=organisation.description[:300],
                link=reverse("directory:detail", args=[organisation.slug]),
                since=organisation.created_at,
                state=PENDING,
                actions=("approve", "reject"),
                author=organisation.created_by.full_name if organisation.created_by else "",
            )
            for organisation in selectors.pending_organisations()
        ]

    def act(self, *, kind: str, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        organisation = Organisation.objects.filter(public_id=public_id).first()
        if kind != "organisation" or organisation is None:
            raise LookupError(public_id)
        if action == "approve":
            services.approve_organisation(organisation=organisation, approved_by=moderator)
        elif action == "reject":
            services.reject_organisation(
                organisation=organisation, rejected_by=moderator, reason=reason
            )
        else:
            raise ValidationError(_("This cannot be done with this content."))

"""What the exchange keeps of a person, and how "delete my account" treats it.

Their listings go (with photos, the threads about them and their reports); messages they
wrote in other people's threads stay for the other person but lose their text; the time
account and its transfers stay (the ledger's entries are never deleted: the ledger hands
the account to an anonymous holder), with the transfers' notes cleared."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.files import delete_files_on_commit
from portal.personal_data import ExportFile, ExportPart, PersonalData

from .models import Listing, ListingPhoto, Message, TimeAccount, TimeTransfer

LISTING_FIELDS = ("public_id", "kind", "listing_type", "title", "description", "minutes")


def export_exchange(user: Any) -> ExportPart:
    listings = []
    files = []
    # all_objects: listings the person deleted earlier are still theirs (title, threads).
    for listing in Listing.all_objects.filter(owner=user).prefetch_related("photos"):
        photos = []
        for photo in listing.photos.all():
            name = f"{listing.public_id}/{PurePosixPath(str(photo.image.name)).name}"
            files.append(ExportFile(storage_name=str(photo.image.name), name=name))
            photos.append({"file": name, "alt_text": photo.alt_text})
        listings.append(
            {
                **{field: getattr(listing, field) for field in LISTING_FIELDS},
                "status": listing.status,
                "created_at": listing.created_at,
                "expires_at": listing.expires_at,
                "photos": photos,
            }
        )
    # Only what they wrote: the other side of a conversation is the other person's data.
    messages = [
        {"conversation": message.thread.public_id, "body": message.body, "at": message.created_at}
        for message in Message.objects.filter(author=user)
        .select_related("thread")
        .order_by("created_at", "id")
    ]
    account = TimeAccount.objects.filter(owner=user).first()
    transfers = []
    if account is not None:
        for transfer in TimeTransfer.objects.filter(
            Q(from_account=account) | Q(to_account=account)
        ).order_by("created_at", "id"):
            transfers.append(
                {
                    "minutes": transfer.minutes,
                    "direction": "given" if transfer.from_account_id == account.pk else "received",
                    "status": transfer.status,
                    "note": transfer.note,
                    "at": transfer.created_at,
                }
            )
    data = {"listings": listings, "messages_written": messages, "time_transfers": transfers}
    return ExportPart(data=data, files=files)


def erase_exchange(user: Any) -> None:
    photos = list(ListingPhoto.objects.filter(listing__owner=user))
    for listing in Listing.all_objects.filter(owner=user):
        listing.delete()  # its photos, threads, messages and reports with it
    for photo in photos:
        delete_files_on_commit([str(photo.image.name)], storage=photo.image.storage)
    tenant = getattr(connection, "tenant", None)
    with translation.override(getattr(tenant, "default_language", "de")):
        removed = _("(This message was deleted with its author's account.)")
    Message.objects.filter(author=user).update(body=removed)
    account = TimeAccount.objects.filter(owner=user).first()
    if account is not None:
        mine = Q(from_account=account) | Q(to_account=account) | Q(proposer=user)
        TimeTransfer.objects.filter(mine).exclude(note="").update(note="")
        TimeTransfer.objects.filter(mine, status=TimeTransfer.Status.PROPOSED).update(
            status=TimeTransfer.Status.DECLINED, declined_at=timezone.now()
        )


EXCHANGE = PersonalData(
    key="exchange",
    export=export_exchange,
    erase=erase_exchange,
    covers=(
        "exchange.Listing.owner",
        "exchange.Thread.interested",
        "exchange.Message.author",
        "exchange.TimeAccount.owner",
        "exchange.TimeTransfer.proposer",
    ),
    excluded={
        "exchange.Listing.hidden_by": "the moderator who hid a listing; names no one once deleted",
        "exchange.Message.hidden_by": "the moderator who hid a message; names no one once deleted",
        "exchange.TimeTransfer.recorded_by_moderator": (
            "the moderator who recorded time for others; part of the time bank's evidence"
        ),
    },
)

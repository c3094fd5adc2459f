"""Listings: create, edit, renew, mark as taken, delete, photos."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.behalf.services import acting_for
from portal.files import delete_files_on_commit, private_name
from portal.validation import Errors

from ..models import (
    DESCRIPTION_MAX,
    MAX_PHOTOS,
    TITLE_MAX,
    TRANSFER_MAX_MINUTES,
    Listing,
    ListingPhoto,
)
from ..photos import reencode_photo
from ..scopes import LISTINGS
from ..selectors import can_renew, current_settings, renewal_opens_at
from .checks import clean_minutes, clean_text, require_participant


def _require_owner(listing: Listing, user: User) -> None:
    require_participant(user)
    if listing.owner_id != user.pk:
        raise PermissionDenied(_("Only the person who posted this listing can change it."))
    if listing.status == Listing.Status.DELETED:
        raise ValidationError(_("This listing has been deleted."))


def _locked(listing: Listing) -> Listing:
    """The listing's row, locked for the caller's transaction; refused once deleted (the
    caller's copy may be older than the deletion)."""
    locked = Listing.all_objects.select_for_update().get(pk=listing.pk)
    if locked.status == Listing.Status.DELETED:
        raise ValidationError(_("This listing has been deleted."))
    return locked


def _clean_fields(
    *, kind: object, listing_type: object, title: object, description: object, minutes: object
) -> dict[str, object]:
    errors = Errors()
    if kind not in Listing.Kind.values:
        errors.add("kind", _("Please choose give away, lend, swap or wanted."))
    if listing_type not in Listing.Type.values:
        errors.add("listing_type", _("Please choose an item or time and skills."))
    cleaned: dict[str, object] = {"kind": kind, "listing_type": listing_type}
    for field, value, label, max_length, required in (
        ("title", title, _("the title"), TITLE_MAX, True),
        ("description", description, _("the description"), DESCRIPTION_MAX, False),
    ):
        try:
            cleaned[field] = clean_text(
                value,
                field=field,
                label=label,
                max_length=max_length,
                required=required,
                multiline=field == "description",
            )
        except ValidationError as exc:
            errors.collect(exc)
    cleaned["minutes"] = None
    if minutes not in (None, ""):
        if listing_type == Listing.Type.ITEM:
            errors.add("minutes", _("Only listings for time and skills have a number of minutes."))
        else:
            try:
                cleaned["minutes"] = clean_minutes(minutes, maximum=TRANSFER_MAX_MINUTES)
            except ValidationError as exc:
                errors.collect(exc)
    errors.raise_if_any()
    return cleaned


@transaction.atomic
def create_listing(
    *,
    owner: User,
    kind: str,
    listing_type: str,
    title: str,
    description: str = "",
    minutes: int | None = None,
    on_behalf_of: User | None = None,
) -> Listing:
    """Post a listing; it stays online for the town's listing period.

    With `on_behalf_of`, `owner` is the network manager at the keyboard and the listing
    belongs to the resident they act for (with their consent; audited).
    """
    person = acting_for(actor=owner, on_behalf_of=on_behalf_of, scope=LISTINGS)
    require_participant(person)
    cleaned = _clean_fields(
        kind=kind, listing_type=listing_type, title=title, description=description, minutes=minutes
    )
    now = timezone.now()
    listing = Listing.objects.create(
        owner=person,
        created_at=now,
        expires_at=now + timedelta(days=current_settings().listing_days),
        **cleaned,
    )
    if on_behalf_of is not None:
        record_audit(
            actor=owner,
            on_behalf_of=person,
            action="exchange_listing_posted_for",
            target=listing,
            detail={"title": listing.title[:100]},
        )
    return listing


@transaction.atomic
def update_listing(
    *,
    listing: Listing,
    by: User,
    kind: str,
    title: str,
    description: str = "",
    minutes: int | None = None,
) -> Listing:
    """Change what a listing says (its type stays: an item does not become a skill)."""
    _require_owner(listing, by)
    listing = _locked(listing)
    cleaned = _clean_fields(
        kind=kind,
        listing_type=listing.listing_type,
        title=title,
        description=description,
        minutes=minutes,
    )
    for field in ("kind", "title", "description", "minutes"):
        setattr(listing, field, cleaned[field])
    listing.save(update_fields=["kind", "title", "description", "minutes", "updated_at"])
    return listing


@transaction.atomic
def renew_listing(*, listing: Listing, by: User) -> Listing:
    """Keep a listing online for another full period, counted from now."""
    _require_owner(listing, by)
    listing = _locked(listing)
    if listing.status == Listing.Status.TAKEN:
        raise ValidationError(_("This listing is marked as taken; please post a new one."))
    if not can_renew(listing):
        opens = timezone.localtime(renewal_opens_at(listing))
        raise ValidationError(
            _(
                "This listing is online until %(until)s. You can renew it from %(date)s on, "
                "in its last days."
            )
            % {
                "until": date_format(timezone.localtime(listing.expires_at), "SHORT_DATE_FORMAT"),
                "date": date_format(opens, "SHORT_DATE_FORMAT"),
            }
        )
    listing.status = Listing.Status.ACTIVE
    listing.expires_at = timezone.now() + timedelta(days=current_settings().listing_days)
    listing.reminder_sent_at = None
    listing.save(update_fields=["status", "expires_at", "reminder_sent_at", "updated_at"])
    return listing


@transaction.atomic
def mark_listing_taken(*, listing: Listing, by: User) -> Listing:
    """The owner says the thing is gone or the help is arranged; the listing leaves the list."""
    _require_owner(listing, by)
    listing = _locked(listing)
    if listing.status == Listing.Status.TAKEN:
        raise ValidationError(_("This listing is already marked as taken."))
    listing.status = Listing.Status.TAKEN
    listing.taken_at = timezone.now()
    listing.save(update_fields=["status", "taken_at", "updated_at"])
    return listing


@transaction.atomic
def delete_listing(*, listing: Listing, by: User) -> Listing:
    """The owner deletes a listing: it disappears from every list, page and search, its
    photos and description are removed; its conversations stay readable for both people
    (what they agreed, e.g. about a time transfer, is theirs to keep)."""
    _require_owner(listing, by)
    listing = _locked(listing)
    names = [str(photo.image.name) for photo in listing.photos.all()]
    listing.photos.all().delete()
    listing.status = Listing.Status.DELETED
    listing.deleted_at = timezone.now()
    listing.description = ""
    listing.save(update_fields=["status", "deleted_at", "description", "updated_at"])
    record_audit(
        actor=by,
        action="exchange_listing_deleted",
        target=listing,
        detail={"title": listing.title[:100]},
    )
    delete_files_on_commit(names, storage=ListingPhoto._meta.get_field("image").storage)
    return listing


@transaction.atomic
def add_listing_photo(
    *, listing: Listing, by: User, upload: IO[bytes], size: int | None = None, alt_text: str = ""
) -> ListingPhoto:
    """Store a cleaned copy of a photo (at most five per listing)."""
    _require_owner(listing, by)
    # The lock makes two uploads at the same moment count each other.
    listing = _locked(listing)
    if listing.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"image": _("A listing can have at most %(max)d photos.") % {"max": MAX_PHOTOS}}
        )
    alt = clean_text(
        alt_text, field="alt_text", label=_("the description"), max_length=200, required=False
    )
    try:
        photo_data = reencode_photo(upload, size=size)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    photo = ListingPhoto(
        listing=listing, width=photo_data.width, height=photo_data.height, alt_text=alt
    )
    # Private on disk: whether a photo may be seen depends on its listing (views.photo_file).
    name = private_name(f"exchange/{listing.public_id}/{uuid.uuid4().hex}.jpg")
    photo.image.save(name, ContentFile(photo_data.data), save=False)
    stored_name = str(photo.image.name)
    try:
        photo.save()
    except Exception:
        photo.image.storage.delete(stored_name)
        raise
    return photo


@transaction.atomic
def delete_listing_photo(*, photo: ListingPhoto, by: User) -> None:
    """Remove a photo and its file."""
    _require_owner(photo.listing, by)
    name = str(photo.image.name)
    storage = photo.image.storage
    photo.delete()
    delete_files_on_commit([name], storage=storage)

"""A provider's photos and video clip: adding, removing, setting the clip.

The owner and the town's moderators may do it (`selectors.can_edit`, as for the profile).
Every file is stored under `private/`; whether it is served to everyone depends on the
provider being approved (`media_files.py`)."""

from __future__ import annotations

import uuid
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.files import delete_files_on_commit, private_name
from portal.images import PictureRules, clean_picture
from portal.validation import Errors

from ..models import Provider
from ..models_media import MAX_PHOTOS, ProviderClip, ProviderPhoto
from ..selectors import can_edit
from ..videos import check_video_upload, parse_video_link
from ._photos import store_photo

PHOTO_RULES = PictureRules(
    max_bytes=5 * 1024 * 1024, max_side=6000, stored_side=1600, output="JPEG"
)
ALT_MAX = 200
DESCRIPTION_MAX = 1000


def _locked_editable(provider: Provider, by: User) -> Provider:
    if not can_edit(user=by, provider=provider):
        raise PermissionDenied(_("Only the business's owner may change this profile."))
    # The lock makes two uploads at the same moment count each other.
    return Provider.objects.select_for_update().get(pk=provider.pk)


@transaction.atomic
def add_provider_photo(
    *, provider: Provider, by: User, upload: IO[bytes], size: int | None = None, alt_text: str = ""
) -> ProviderPhoto:
    """Store a cleaned copy of a photo (at most eight per provider), after the others."""
    provider = _locked_editable(provider, by)
    errors = Errors()
    alt = errors.text("alt_text", alt_text, max_length=ALT_MAX, required=False)
    if provider.photos.count() >= MAX_PHOTOS:
        errors.add("image", _("A business can show at most %(max)d photos.") % {"max": MAX_PHOTOS})
    picture = None
    try:
        picture = clean_picture(upload, rules=PHOTO_RULES, size=size)
    except ValidationError as exc:
        errors.collect(exc, field="image")
    errors.raise_if_any()
    assert picture is not None
    last = provider.photos.aggregate(last=Max("position"))["last"]
    photo = ProviderPhoto(
        provider=provider,
        width=picture.width,
        height=picture.height,
        alt_text=alt,
        position=0 if last is None else last + 1,
    )
    store_photo(photo, folder=f"shop/photos/{provider.public_id}", data=picture.data)
    return photo


@transaction.atomic
def remove_provider_photo(*, photo: ProviderPhoto, by: User) -> None:
    """Remove a photo and, once committed, its file."""
    _locked_editable(photo.provider, by)
    name, storage = str(photo.image.name), photo.image.storage
    photo.delete()
    delete_files_on_commit([name], storage=storage)


def _drop_clip(provider: Provider) -> None:
    clip = ProviderClip.objects.filter(provider=provider).first()
    if clip is None:
        return
    name, storage = str(clip.file.name), clip.file.storage
    clip.delete()
    delete_files_on_commit([name], storage=storage)


@transaction.atomic
def set_provider_clip(
    *,
    provider: Provider,
    by: User,
    upload: IO[bytes] | None = None,
    size: int | None = None,
    link: str = "",
    description: str = "",
) -> ProviderClip:
    """Give the provider its video: an uploaded MP4/WebM or a YouTube/Vimeo link (one of the
    two), replacing any earlier clip."""
    provider = _locked_editable(provider, by)
    errors = Errors()
    text = errors.text(
        "description", description, max_length=DESCRIPTION_MAX, required=False, multiline=True
    )
    link = errors.text("link", link, max_length=500, required=False)
    clip = ProviderClip(provider=provider, description=text)
    if upload is not None and link:
        errors.add("link", _("Please either upload a video or paste a link, not both."))
    elif upload is None and not link and "link" not in errors.errors:
        errors.add("link", _("Please upload a video or paste the address of one."))
    elif upload is not None:
        try:
            clip.file_format = check_video_upload(upload, size=size)
            clip.file_size = size or 0
        except ValidationError as exc:
            errors.collect(exc, field="file")
    elif link:
        try:
            found = parse_video_link(link)
        except ValidationError as exc:
            errors.collect(exc, field="link")
        else:
            clip.host, clip.video_id = found.host, found.video_id
    errors.raise_if_any()
    _drop_clip(provider)
    if upload is not None:
        name = private_name(f"shop/videos/{provider.public_id}/{uuid.uuid4().hex}")
        clip.file.save(f"{name}.{clip.file_format}", File(upload), save=False)
        stored = str(clip.file.name)
        clip.file_size = clip.file.size
        try:
            clip.save()
        except Exception:
            clip.file.storage.delete(stored)
            raise
    else:
        clip.save()
    return clip


@transaction.atomic
def remove_provider_clip(*, provider: Provider, by: User) -> None:
    """Remove the provider's video (and its file, if uploaded)."""
    provider = _locked_editable(provider, by)
    _drop_clip(provider)

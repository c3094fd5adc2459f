"""A provider's photos and its one video clip (an uploaded MP4/WebM or a video host's link).

Imported at the end of `models.py`, so Django finds these models in the shop app. Every file
is stored under `private/`: it is served through the shop's own views, which know whether the
provider is approved (`modules/shop/media_files.py`)."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Provider

MAX_PHOTOS = 8


class ProviderPhoto(models.Model):
    """A photo of the business, re-encoded as JPEG without metadata by `portal.images`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(_("short description of the photo"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or str(self.public_id)

    def get_absolute_url(self) -> str:
        return reverse("shop:photo", args=[self.public_id])

    def alt(self) -> str:
        """What a screen reader says: the provider's words, else a plain default."""
        return self.alt_text or gettext("Photo of %(name)s") % {"name": self.provider.name}


class VideoHost(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"


class VideoFormat(models.TextChoices):
    MP4 = "mp4", "MP4"
    WEBM = "webm", "WebM"


class ProviderClip(models.Model):
    """The provider's video: either an uploaded file (`file`, `file_format`) or a video on a
    host (`host`, `video_id`; only the id is kept, never the address typed in)."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="clip")
    file = models.FileField(max_length=200, blank=True)
    file_format = models.CharField(max_length=8, choices=VideoFormat.choices, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    host = models.CharField(max_length=16, choices=VideoHost.choices, blank=True)
    video_id = models.CharField(max_length=40, blank=True)
    description = models.TextField(_("what the video shows"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="shop_clip_file_or_link",
                condition=(
                    models.Q(file="", file_format="", host__in=["youtube", "vimeo"])
                    & ~models.Q(video_id="")
                )
                | (
                    models.Q(host="", video_id="", file_format__in=["mp4", "webm"])
                    & ~models.Q(file="")
                ),
            )
        ]

    def __str__(self) -> str:
        return f"video of {self.provider_id}"

    @property
    def is_upload(self) -> bool:
        return bool(self.file)

    def label(self) -> str:
        """The text alternative of the video."""
        return self.description or gettext("Video of %(name)s") % {"name": self.provider.name}

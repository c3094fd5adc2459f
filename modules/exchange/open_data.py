"""The exchange's open-format download: the published listings as a spreadsheet (CSV).

Only what a listing's public page shows of the thing offered or wanted; nobody's name or
contact details (residents reach each other through the portal's messages, which a file
cannot carry over), no photos, no messages, no time accounts."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.csv_cells import csv_stream
from portal.registry import OpenDownload

from .models import Listing
from .selectors import published_listings

CHUNK = 500


def listings_csv(base_url: str) -> Iterator[bytes]:
    """One row per published listing, oldest first."""
    header = [
        _("Title"),
        _("Kind"),
        _("Type"),
        _("Description"),
        _("Time (minutes)"),
        _("Listed on"),
        _("Online until"),
        _("Page on the portal"),
    ]
    kinds, types = dict(Listing.Kind.choices), dict(Listing.Type.choices)
    rows = (
        [
            listing.title,
            kinds.get(listing.kind, listing.kind),
            types.get(listing.listing_type, listing.listing_type),
            listing.description,
            listing.minutes,
            listing.created_at,
            listing.expires_at,
            base_url + reverse("exchange:detail", args=[listing.public_id]),
        ]
        for listing in published_listings().iterator(chunk_size=CHUNK)
    )
    return csv_stream(header, rows)


OPEN_DOWNLOADS = (
    OpenDownload(
        key="listings",
        title=gettext_lazy("Exchange listings (CSV)"),
        filename="listings.csv",
        media_type="text/csv; charset=utf-8",
        writer=listings_csv,
        description=gettext_lazy(
            "The listings online now, without the names or contact details of the residents."
        ),
    ),
)

"""The directory's open-format download: the public organisations as a spreadsheet (CSV).

Only what an organisation's public page shows: its profile, its public contact details and
what it offers; never its representatives or who registered it."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.csv_cells import csv_stream
from portal.registry import OpenDownload

from .models import Kind
from .selectors import public_organisations

CHUNK = 500  # rows per query; the offerings are prefetched per chunk


def organisations_csv(base_url: str) -> Iterator[bytes]:
    """One row per public organisation, in name order."""
    header = [
        _("Name"),
        _("Kind"),
        _("Categories"),
        _("Description"),
        _("Contact person"),
        _("E-mail"),
        _("Phone"),
        _("Website"),
        _("Address"),
        _("Meeting or opening times"),
        _("Offerings"),
        _("Page on the portal"),
        _("Approved on"),
    ]
    kinds = dict(Kind.choices)
    organisations = public_organisations().order_by("name", "pk").iterator(chunk_size=CHUNK)
    rows = (
        [
            organisation.name,
            kinds.get(organisation.kind, organisation.kind),
            ", ".join(organisation.category_labels()),
            organisation.description,
            organisation.contact_name,
            organisation.email,
            organisation.phone,
            organisation.website,
            organisation.address,
            organisation.meeting_times,
            "; ".join(offering.title for offering in organisation.offerings.all()),
            base_url + reverse("directory:detail", args=[organisation.slug]),
            organisation.approved_at,
        ]
        for organisation in organisations
    )
    return csv_stream(header, rows)


OPEN_DOWNLOADS = (
    OpenDownload(
        key="organisations",
        title=gettext_lazy("Organisations (CSV)"),
        filename="organisations.csv",
        media_type="text/csv; charset=utf-8",
        writer=organisations_csv,
        description=gettext_lazy(
            "Every approved organisation with its public contact details and offerings."
        ),
    ),
)

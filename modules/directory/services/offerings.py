"""What an organisation offers residents."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from portal.accounts.models import User

from ..models import (
    Offering,
    Organisation,
    OrganisationChange,
)
from ..search import refresh_search_index
from ._editing import OFFERING_FIELDS, _apply_fields, _log
from ._people import _require_editor


@transaction.atomic
def add_offering(*, organisation: Organisation, added_by: User, fields: dict[str, Any]) -> Offering:
    """What the organisation does for residents; live at once."""
    _require_editor(added_by, organisation)
    offering = Offering(organisation=organisation)
    _apply_fields(offering, fields, OFFERING_FIELDS, required=("title",))
    offering.full_clean()
    offering.save()
    _log(organisation, added_by, OrganisationChange.Action.OFFERING_ADDED, note=offering.title)
    refresh_search_index(organisation)
    return offering


@transaction.atomic
def update_offering(*, offering: Offering, changed_by: User, fields: dict[str, Any]) -> Offering:
    """Change an offering; logged with the changed fields."""
    organisation = offering.organisation
    _require_editor(changed_by, organisation)
    changed = _apply_fields(offering, fields, OFFERING_FIELDS, required=("title",))
    offering.full_clean()
    if changed:
        offering.save(update_fields=changed)
        _log(
            organisation,
            changed_by,
            OrganisationChange.Action.OFFERING_EDITED,
            changed,
            offering.title,
        )
        refresh_search_index(organisation)
    return offering


@transaction.atomic
def remove_offering(*, offering: Offering, removed_by: User) -> None:
    """Delete an offering."""
    organisation = offering.organisation
    _require_editor(removed_by, organisation)
    title = offering.title
    offering.delete()
    _log(organisation, removed_by, OrganisationChange.Action.OFFERING_REMOVED, note=title)
    refresh_search_index(organisation)

"""Demo content: 40+ plausible organisations, searchable, idempotent."""

from __future__ import annotations

from modules.directory import selectors
from modules.directory.demo import load_demo
from modules.directory.models import Organisation, Representative
from portal.accounts.models import Role
from tests.factories import UserFactory


def test_demo_is_rich_searchable_and_idempotent(in_town_a):
    rep = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    load_demo(town=in_town_a)
    load_demo(town=in_town_a)
    organisations = Organisation.objects.filter(status=Organisation.Status.APPROVED)
    assert organisations.count() >= 40
    assert all(o.offerings.exists() for o in organisations)
    assert Representative.objects.filter(user=rep, organisation__slug="repair-cafe").exists()
    found = [o.name for o in selectors.find_organisations(query="Fahrräder")]
    assert "Repair-Café" in found and "Radfahrverein Solidarität" in found
    assert found_first("Kirchenchor") == "Kirchen-Chor St. Peter und Paul"
    assert found_first("Repaircafe") == "Repair-Café"


def found_first(query: str) -> str:
    return next(o.name for o in selectors.find_organisations(query=query))

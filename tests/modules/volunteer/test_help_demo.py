"""The help demo: the two organisations and their services by the agreed slugs, requests,
and demand counts that show the narrow service's unmet demand; idempotent."""

from __future__ import annotations

from modules.directory.models import Organisation
from modules.volunteer.demo_help import load_help
from modules.volunteer.models import DemandEvent, HelpRequest, Service
from modules.volunteer.selectors import find_services
from modules.volunteer.selectors_figures import service_figures
from portal.accounts.models import Role
from tests.factories import UserFactory


def test_the_demo_is_public_narrow_on_purpose_and_idempotent(in_town_a) -> None:
    representative = UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])
    for _ in range(4):
        UserFactory()
    load_help(town=in_town_a)
    load_help(town=in_town_a)
    assert set(
        Organisation.objects.filter(
            slug__in=["miteinander-fuereinander", "elterninitiative-kinderzeit"]
        ).values_list("status", flat=True)
    ) == {"approved"}
    shopping = Service.objects.get(slug="einkaufshilfe-im-notfall")
    sitting = Service.objects.get(slug="babysitter-dienst")
    assert shopping.rules() == ["district", "min_age", "situation"]
    assert len(shopping.eligible_districts) == 1 and shopping.min_age == 70
    assert sitting.needs_approval and sitting.required_checks == ["conduct_certificate"]
    assert sitting.coordinator == representative
    assert HelpRequest.objects.filter(service=shopping).count() == 4
    this_month = service_figures(shopping)[-1]
    assert this_month.looked > this_month.requested
    assert (
        this_month.refused_by("district") + this_month.refused_by("min_age") > this_month.requested
    )
    assert DemandEvent.objects.filter(service=shopping).count() > 100
    # in the shared search
    assert "einkaufshilfe-im-notfall" in {s.slug for s in find_services(query="Einkauf")}

"""Neighbourly help in the browser: a resident outside the service's district is refused
with the reason and sees the alternative; another resident sends a request and a vetted
helper of the pool accepts it; axe-core on each page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.volunteer.models import HelpRequest, RequestStatus, Routing
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _services(towns):  # type: ignore[no-untyped-def]
    with tenant_context(towns["alpha"]):
        rep = UserFactory(
            email="rep-volreq@alpha.example", roles=[Role.RESIDENT, Role.ORGANISATION]
        )
        organisation = OrganisationFactory(name="Nachbarn helfen", slug="nachbarn-volreq")
        RepresentativeFactory(organisation=organisation, user=rep)
        narrow = ServiceFactory(
            organisation=organisation,
            coordinator=rep,
            title="Notfall-Einkauf",
            slug="notfall-volreq",
            kind="shopping",
            eligible_districts=["Nord"],
            routing=Routing.POOL,
        )
        ServiceFactory(
            organisation=organisation,
            coordinator=rep,
            title="Einkaufsbegleitung",
            slug="begleitung-volreq",
            kind="shopping",
        )
        helper = UserFactory(email="helfer-volreq@alpha.example", full_name="Josef Widmann")
        HelperFactory(service=narrow, user=helper)
        UserFactory(email="sued-volreq@alpha.example")
        UserFactory(email="nord-volreq@alpha.example")
    return narrow


def _fill(page, district: str) -> None:  # type: ignore[no-untyped-def]
    day = timezone.localdate() + timedelta(days=2)
    page.select_option("select[name=district]", district)
    page.fill("input[name=needed_on]", day.isoformat())
    page.fill("textarea[name=details]", "Brot, Milch und Äpfel.")
    page.fill("input[name=address]", "Lindenweg 3")
    page.fill("input[name=phone]", "07033 12345")
    page.click("button[data-step=send]")


def test_a_resident_is_refused_then_another_is_helped(live_server, page, towns) -> None:
    narrow = _services(towns)

    # given a resident from the south on the service page
    _log_in(page, live_server, "sued-volreq@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{narrow.slug}/"))
    assert _violations(page) == []
    page.click("a[data-request]")
    page.wait_for_url(re.compile(r"/request/$"))
    assert _violations(page) == []

    # when she asks from the wrong district
    _fill(page, "Süd")

    # then she learns why, and what else there is
    assert page.locator("[data-refusal=district]").count() == 1
    assert "Nord" in page.locator("[data-refusal=district]").inner_text()
    # (other browser tests leave services of their own in the town: hers is among them)
    alternatives = page.locator("[data-alternative]").all_inner_texts()
    assert any("Einkaufsbegleitung" in text for text in alternatives)
    assert not any("Notfall-Einkauf" in text for text in alternatives)
    assert page.locator("[data-network-manager]").count() == 1
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        assert not HelpRequest.objects.filter(service=narrow).exists()

    # when a resident of the north asks
    page.context.clear_cookies()
    _log_in(page, live_server, "nord-volreq@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{narrow.slug}/request/"))
    _fill(page, "Nord")

    # then the request is open, and a helper of the pool takes it
    page.wait_for_url(re.compile(r"/volunteer/requests/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == RequestStatus.OPEN
    assert _violations(page) == []
    address = page.url
    page.context.clear_cookies()
    _log_in(page, live_server, "helfer-volreq@alpha.example")
    page.goto(address)
    assert "Lindenweg 3" not in page.content()
    page.click("button[data-step=accept]")
    page.wait_for_url(re.compile(r"/volunteer/requests/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == RequestStatus.ASSIGNED
    assert "Lindenweg 3" in page.content()
    assert _violations(page) == []

    # and the resident sees who will come
    page.context.clear_cookies()
    _log_in(page, live_server, "nord-volreq@alpha.example")
    page.goto(address)
    assert "Josef Widmann" in page.locator("[data-helper]").inner_text()

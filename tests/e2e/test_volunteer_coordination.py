"""The coordinator in the browser: a request waiting for approval is approved and given to
a vetted helper from the request's page; axe-core on the pages."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from modules.volunteer.models import HelpRequest, RequestStatus
from modules.volunteer.services.requests import send_request
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory
from tests.modules.volunteer.conftest import fields

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_approves_and_assigns(live_server, page, towns) -> None:
    # given a babysitter service that approves each family, a vetted sitter and a request
    with tenant_context(towns["alpha"]):
        rep = UserFactory(
            email="koord-volcoord@alpha.example", roles=[Role.RESIDENT, Role.ORGANISATION]
        )
        organisation = OrganisationFactory(name="Kinderzeit", slug="kinderzeit-volcoord")
        RepresentativeFactory(organisation=organisation, user=rep)
        service = ServiceFactory(
            organisation=organisation,
            coordinator=rep,
            title="Babysitter",
            slug="sitter-volcoord",
            kind="childcare",
            needs_approval=True,
            required_checks=["conduct_certificate"],
        )
        sitter = UserFactory(email="sitter-volcoord@alpha.example", full_name="Lena Sitter")
        HelperFactory(service=service, user=sitter)
        family = UserFactory(email="familie-volcoord@alpha.example")
        request = send_request(service=service, by=family, fields=fields())
    _log_in(page, live_server, "koord-volcoord@alpha.example")

    # when the coordinator opens the list and the request
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{service.slug}/requests/"))
    assert _violations(page) == []
    page.click(f"a[href='/volunteer/requests/{request.public_id}/']")
    page.wait_for_url(re.compile(r"/volunteer/requests/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == RequestStatus.WAITING_APPROVAL
    assert _violations(page) == []
    page.click("button[data-step=approve]")
    page.wait_for_url(re.compile(r"/volunteer/requests/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == RequestStatus.OPEN

    # then she gives it to the sitter
    page.select_option("select[name=helper]", str(sitter.public_id))
    page.click("button[data-step=assign]")
    page.wait_for_url(re.compile(r"/volunteer/requests/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == RequestStatus.ASSIGNED
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        assert HelpRequest.objects.get(pk=request.pk).helper == sitter

"""A network manager, in the browser, deletes the account of a person without internet who
asked for it: her page offers it, a page of its own asks first, then she is gone."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from portal.accounts.models import AuditEntry, Role, User
from portal.behalf.models import Consent
from portal.behalf.services import create_managed_resident, record_consent
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _log_in, _violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_network_manager_deletes_a_managed_residents_account(live_server, page, towns) -> None:
    # given Moritz looks after Hildegard, who has no internet, with her consent
    with tenant_context(towns["alpha"]):
        moritz = UserFactory(
            email="markus-delete@alpha.example",
            full_name="Moritz Löschhelfer",
            roles=[Role.RESIDENT, Role.MODERATOR],
        )
        hildegard = create_managed_resident(
            created_by=moritz, full_name="Hildegard Löschner", address="Lindenweg 3"
        )
        record_consent(
            recorded_by=moritz,
            person=hildegard,
            scopes=["exchange_time"],
            given_how=Consent.Given.PAPER,
        )
    _log_in(page, live_server, "markus-delete@alpha.example")
    page.wait_for_url(re.compile(r"/$"))
    # when he opens her page and follows "delete the account"
    page.goto(town_url(live_server, "alpha", f"/helping/people/{hildegard.public_id}/"))
    page.click(f"a[href$='/helping/people/{hildegard.public_id}/delete/']")
    page.wait_for_url(re.compile(r"/delete/$"))
    # then a page of its own asks first, and passes the WCAG checks
    assert "Hildegard Löschner" in page.locator("h1").inner_text()
    assert not _violations(page)
    with tenant_context(towns["alpha"]):
        assert User.objects.get(pk=hildegard.pk).deleted_at is None
    # when he confirms with the keyboard
    page.locator("form.confirm-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    # then he is back on the list of people helped, told so, and she is gone from it
    page.wait_for_url(re.compile(r"/helping/$"))
    assert "Hildegard Löschner" in page.locator(".messages").inner_text()
    assert page.locator(".people-list a", has_text="Hildegard").count() == 0
    with tenant_context(towns["alpha"]):
        gone = User.objects.get(pk=hildegard.pk)
        assert gone.deleted_at is not None and gone.full_name != "Hildegard Löschner"
        entry = AuditEntry.objects.get(action="account_deleted", actor=moritz)
        assert entry.on_behalf_of_id == hildegard.pk

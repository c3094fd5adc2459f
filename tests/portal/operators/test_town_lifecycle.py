"""Defect 9 of issue 6: lifecycle changes are confirmed with a reason and recorded, an
archived town can be restored, and a new town's footer does not publish its first
administrator's personal e-mail."""

from __future__ import annotations

import pytest

from portal.accounts.models import User
from portal.branding.models import Branding
from portal.operators.models import TownAuditEntry
from portal.operators.services import provision_town
from tenants import services
from tenants.models import Town
from tests.conftest import TownClient
from tests.portal.operators.conftest import OPERATOR_EMAIL

pytestmark = pytest.mark.django_db


def status_of(slug: str) -> str:
    return str(Town.objects.get(slug=slug).status)


# --- confirmation with a reason ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "button"),
    [("suspend", "Yes, suspend the town"), ("archive", "Yes, archive the town")],
)
def test_suspend_and_archive_open_a_confirmation_page_instead_of_acting(
    operator_client: TownClient, action: str, button: str
) -> None:
    response = operator_client.get(f"/towns/alpha/{action}/")
    assert response.status_code == 200
    assert button in response.text
    assert 'name="reason"' in response.text and "required" in response.text
    assert status_of("alpha") == Town.Status.ACTIVE


@pytest.mark.parametrize("action", ["suspend", "archive"])
@pytest.mark.parametrize("reason", [None, "", "   \n  ", "x" * 1001])
def test_without_a_proper_reason_nothing_changes(
    operator_client: TownClient, action: str, reason: str | None
) -> None:
    data = {} if reason is None else {"reason": reason}
    response = operator_client.post(f"/towns/alpha/{action}/", data)
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.text
    assert status_of("alpha") == Town.Status.ACTIVE
    assert not TownAuditEntry.objects.exists()


def test_the_change_is_recorded_with_the_operator_and_the_reason(
    operator_client: TownClient, operator: User, town_a: Town, client_a: TownClient
) -> None:
    # when the operator suspends Alpha, giving a reason
    response = operator_client.post(
        "/towns/alpha/suspend/", {"reason": "  Invoice 2026-11 unpaid <b>3 months</b>  "}
    )
    # then Alpha is suspended and the change is on record, in the public schema
    assert response.status_code == 302
    assert status_of("alpha") == Town.Status.SUSPENDED
    assert client_a.get("/").status_code == 503
    entry = TownAuditEntry.objects.get(town=town_a)
    assert entry.action == TownAuditEntry.Action.SUSPENDED
    assert entry.operator == operator and entry.operator_email == OPERATOR_EMAIL
    assert entry.reason == "Invoice 2026-11 unpaid <b>3 months</b>"
    # and the next confirmation page shows it, escaped
    page = operator_client.get("/towns/alpha/reactivate/")
    assert "Earlier changes" in page.text and OPERATOR_EMAIL in page.text
    assert "unpaid &lt;b&gt;3 months&lt;/b&gt;" in page.text


def test_an_action_the_status_does_not_allow_is_refused_without_a_change(
    operator_client: TownClient,
) -> None:
    for action in ("reactivate", "restore"):
        response = operator_client.post(f"/towns/alpha/{action}/", {"reason": "x"}, follow=True)
        assert "This cannot be done while Alpha has the status “Active”." in response.text
    assert status_of("alpha") == Town.Status.ACTIVE
    assert not TownAuditEntry.objects.exists()


def test_anonymous_visitors_and_town_hosts_get_no_confirmation_page(
    public_client: TownClient, client_a: TownClient
) -> None:
    for action in ("suspend", "archive", "restore"):
        response = public_client.get(f"/towns/alpha/{action}/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert client_a.get(f"/towns/alpha/{action}/").status_code == 404


# --- restore -------------------------------------------------------------------------------


def test_an_archived_town_can_be_restored(
    operator_client: TownClient, town_a: Town, client_a: TownClient
) -> None:
    # given Alpha was archived: its address is gone
    services.archive_town(town=town_a)
    assert client_a.get("/").status_code == 404
    # when the operator restores it, confirming with a reason
    page = operator_client.get("/towns/alpha/restore/")
    assert page.status_code == 200 and "Yes, restore the town" in page.text
    response = operator_client.post("/towns/alpha/restore/", {"reason": "New contract"})
    # then its portal is back and the restore is on record
    assert response.status_code == 302
    assert status_of("alpha") == Town.Status.ACTIVE
    assert client_a.get("/").status_code == 200
    entry = TownAuditEntry.objects.get(town=town_a)
    assert (entry.action, entry.reason) == (TownAuditEntry.Action.RESTORED, "New contract")


def test_only_an_archived_town_can_be_restored_by_the_service(town_a: Town) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only an archived town can be restored"):
        services.restore_town(town=town_a)
    assert status_of("alpha") == Town.Status.ACTIVE


# --- the town's contact ----------------------------------------------------------------------


def onboard(operator_client: TownClient, **changes: str) -> None:
    data = {
        "name": "Gamma",
        "slug": "gamma",
        "admin_email": "gina.private@mailbox.example",
        "admin_name": "Gina Chief",
        "postcodes": "71263",
        "districts": "",
        "default_language": "en",
        "residency_policy": "open",
        "enabled_modules": ["info"],
        **changes,
    }
    response = operator_client.post("/towns/new/", data)
    assert response.status_code == 302, response.context["form"].errors


def test_a_new_towns_footer_does_not_publish_the_administrators_e_mail(
    operator_client: TownClient,
) -> None:
    onboard(operator_client)
    town = Town.objects.get(slug="gamma")
    assert town.contact_email == ""
    page = TownClient(HTTP_HOST="gamma.lq.test").get("/")
    assert page.status_code == 200
    assert "gina.private@mailbox.example" not in page.text
    assert "mailto:" not in page.text


def test_the_contact_given_at_onboarding_is_shown_in_the_footer(
    operator_client: TownClient,
) -> None:
    onboard(operator_client, contact_email="rathaus@gamma.example")
    assert Town.objects.get(slug="gamma").contact_email == "rathaus@gamma.example"
    page = TownClient(HTTP_HOST="gamma.lq.test").get("/")
    assert 'href="mailto:rathaus@gamma.example"' in page.text
    assert "gina.private@mailbox.example" not in page.text


def test_a_bad_contact_e_mail_is_shown_on_the_form(operator_client: TownClient) -> None:
    response = operator_client.post(
        "/towns/new/",
        {
            "name": "Gamma",
            "slug": "gamma",
            "admin_email": "a@gamma.example",
            "contact_email": "not an address",
            "default_language": "en",
            "residency_policy": "open",
        },
    )
    assert response.status_code == 200
    assert 'id="id_contact_email_error"' in response.text
    assert not Town.objects.filter(slug="gamma").exists()


def test_provisioning_without_a_contact_leaves_the_branding_contact_empty(towns) -> None:
    from django_tenants.utils import tenant_context

    town = provision_town(slug="gamma", name="Gamma", admin_email="gina@mailbox.example")
    with tenant_context(town):
        assert Branding.objects.get().contact_email == ""


def test_the_operator_api_takes_the_contact_and_never_uses_the_administrators(
    operator_client: TownClient,
) -> None:
    body = {"slug": "gamma", "name": "Gamma", "admin_email": "gina@mailbox.example"}
    response = operator_client.post("/api/v1/towns/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["contact_email"] == ""
    assert Town.objects.get(slug="gamma").contact_email == ""
    body = {**body, "slug": "delta", "contact_email": "rathaus@delta.example"}
    response = operator_client.post("/api/v1/towns/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Town.objects.get(slug="delta").contact_email == "rathaus@delta.example"

"""The help pages: the service list (kinds, shared search), the service page (rules in plain
words, demand counted), offering and changing a service, the request form and its refusal
page with the alternative, the request page for each party, the coordinator's pages, the
confirmation, hiding; isolation between towns."""

from __future__ import annotations

from typing import Any

import pytest

from modules.volunteer.models import DemandEvent, HelpRequest, RequestStatus, Service
from modules.volunteer.services.requests import send_request
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory

from .conftest import fields, soon

pytestmark = pytest.mark.django_db


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "needed_on": soon().isoformat(),
        "details": "Brot und Milch",
        "address": "Marktstraße 3",
        "phone": "07033 1234",
        "time_note": "",
        "district": "Nord",
        "birth_date": "1950-05-01",
        "confirms_situation": "on",
        "statement": "Bein gebrochen",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- services ---------------------------------------------------------------------------------


def test_the_list_filters_by_kind_and_searches(client_a, service: Service, narrow: Service) -> None:
    html = client_a.get("/volunteer/?kind=shopping").content.decode()
    assert (
        "Einkaufshilfe im Notfall" in html
        and 'href="/volunteer/services/einkaufshilfe/"' not in html
    )
    html = client_a.get("/volunteer/?q=einkaufshilf").content.decode()
    assert "/volunteer/services/notfall/" in html


def test_the_service_page_says_who_may_use_it_and_counts_a_look(client_a, narrow: Service) -> None:
    html = client_a.get("/volunteer/services/notfall/").content.decode()
    assert "People living in: Nord." in html
    assert "People aged 70 and over." in html
    assert "nach Krankheit" in html
    client_a.get("/volunteer/services/notfall/")
    assert DemandEvent.objects.filter(service=narrow, step="looked").count() == 1


def test_a_hidden_service_is_a_404_for_residents(client_a, service: Service, resident) -> None:
    Service.objects.filter(pk=service.pk).update(is_hidden=True)
    client_a.force_login(resident)
    assert client_a.get("/volunteer/services/einkaufshilfe/").status_code == 404
    assert "Einkaufshilfe" not in client_a.get("/volunteer/").content.decode()


def test_another_towns_people_do_not_find_the_service(client_b, service: Service) -> None:
    assert client_b.get("/volunteer/services/einkaufshilfe/").status_code == 404


def test_a_representative_offers_a_service_with_rules(
    client_a, organisation, representative: User
) -> None:
    client_a.force_login(representative)
    response = client_a.post(
        "/volunteer/offer/miteinander/",
        {
            "title": "Vorlesen",
            "kind": "help",
            "description": "Wir lesen vor.",
            "audience": "Alle ab 70",
            "cost_kind": "allowance",
            "allowance_cents": "5,50",
            "allowance_note": "Fahrtkosten",
            "contact": "Telefon 1234",
            "coordinator": "",
            "routing": "pool",
            "required_checks": ["training"],
            "eligible_districts": ["Süd"],
            "min_age": "70",
            "situation": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Service.objects.get(title="Vorlesen")
    assert made.allowance_cents == 550 and made.eligible_districts == ["Süd"]
    assert made.coordinator == representative and made.min_age == 70
    assert made.slug == "vorlesen"


def test_an_outsider_cannot_offer_or_edit(client_a, organisation, service, outsider) -> None:
    client_a.force_login(outsider)
    assert client_a.get("/volunteer/offer/miteinander/").status_code == 403
    assert client_a.get("/volunteer/services/einkaufshilfe/edit/").status_code == 403


def test_bad_service_input_is_shown_and_nothing_is_saved(
    client_a, organisation, representative
) -> None:
    client_a.force_login(representative)
    response = client_a.post(
        "/volunteer/offer/miteinander/",
        {
            "title": "",
            "kind": "help",
            "description": "x",
            "audience": "y",
            "contact": "z",
            "cost_kind": "allowance",
            "allowance_cents": "",
            "routing": "pool",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required" in html or "must not be empty" in html
    assert not Service.objects.filter(description="x").exists()


def test_a_moderator_hides_and_restores_a_service(client_a, service, moderator) -> None:
    client_a.force_login(moderator)
    client_a.post("/volunteer/services/einkaufshilfe/hide/", {"reason": "Veraltet"})
    service.refresh_from_db()
    assert service.is_hidden and service.hidden_reason == "Veraltet"
    client_a.post("/volunteer/services/einkaufshilfe/restore/")
    service.refresh_from_db()
    assert not service.is_hidden


# --- the request form -------------------------------------------------------------------------


def test_the_form_asks_only_what_the_rules_need(client_a, service, narrow, resident) -> None:
    client_a.force_login(resident)
    plain = client_a.get("/volunteer/services/einkaufshilfe/request/").content.decode()
    assert 'name="birth_date"' not in plain and 'name="district"' not in plain
    full = client_a.get("/volunteer/services/notfall/request/").content.decode()
    assert 'name="birth_date"' in full and 'name="district"' in full and 'name="statement"' in full
    assert DemandEvent.objects.filter(service=narrow, step="started").count() == 1


def test_a_refused_resident_sees_why_and_the_alternative(
    client_a, narrow, service, resident
) -> None:
    client_a.force_login(resident)
    response = client_a.post("/volunteer/services/notfall/request/", _form(district="Süd"))
    html = response.content.decode()
    assert "only for people living in Nord" in html
    assert "Other help you can ask for" in html and "/volunteer/services/einkaufshilfe/" in html
    assert "network manager" in html
    assert not HelpRequest.objects.exists()


def test_a_request_in_the_past_is_shown_on_the_form(client_a, narrow, resident) -> None:
    client_a.force_login(resident)
    response = client_a.post("/volunteer/services/notfall/request/", _form(needed_on="2020-01-01"))
    assert response.status_code == 400
    assert "lies in the past" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_resident_sends_a_request_and_sees_its_page(client_a, narrow, resident) -> None:
    client_a.force_login(resident)
    response = client_a.post("/volunteer/services/notfall/request/", _form())
    request = HelpRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    html = client_a.get(request.get_absolute_url()).content.decode()
    assert "Looking for a helper" in html and "Marktstraße 3" in html


# --- the request page for each party ----------------------------------------------------------


def test_a_pool_helper_sees_no_address_until_they_accept(
    client_a, service, resident, helper
) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(helper)
    html = client_a.get(request.get_absolute_url()).content.decode()
    assert "Marktstraße 3" not in html and "07033 1234" not in html and "I will help" in html
    response = client_a.post(f"/volunteer/requests/{request.public_id}/accept/")
    assert response.status_code == 302
    html = client_a.get(request.get_absolute_url()).content.decode()
    assert "Marktstraße 3" in html and "07033 1234" in html
    client_a.force_login(resident)
    assert "Josef Widmann will come" in client_a.get(request.get_absolute_url()).content.decode()


def test_an_outsider_gets_a_404(client_a, service, resident, outsider) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(outsider)
    assert client_a.get(request.get_absolute_url()).status_code == 404
    assert client_a.post(f"/volunteer/requests/{request.public_id}/cancel/").status_code == 404


def test_the_coordinators_page_lists_and_assigns(
    client_a, organisation, representative, resident
) -> None:
    routed = ServiceFactory(
        organisation=organisation, coordinator=representative, slug="begleitung"
    )
    helper = UserFactory(full_name="Paula Helferin")
    HelperFactory(service=routed, user=helper)
    request = send_request(service=routed, by=resident, fields=fields())
    client_a.force_login(representative)
    listing = client_a.get("/volunteer/services/begleitung/requests/").content.decode()
    assert request.get_absolute_url() in listing
    page = client_a.get(request.get_absolute_url()).content.decode()
    assert "Paula Helferin" in page and "Give the request to a helper" in page
    client_a.post(
        f"/volunteer/requests/{request.public_id}/assign/", {"helper": str(helper.public_id)}
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED and request.helper == helper


def test_the_coordinator_list_has_a_constant_number_of_queries(
    client_a, organisation, representative, django_assert_max_num_queries
) -> None:
    routed = ServiceFactory(organisation=organisation, coordinator=representative, slug="viele")
    for _ in range(8):
        send_request(service=routed, by=UserFactory(), fields=fields())
    client_a.force_login(representative)
    with django_assert_max_num_queries(14):
        assert client_a.get("/volunteer/services/viele/requests/").status_code == 200


def test_the_confirmation_prints_what_when_who_and_whom_to_call(
    client_a, service, resident, helper
) -> None:
    from modules.volunteer.services.requests import accept_request

    request = accept_request(
        help_request=send_request(service=service, by=resident, fields=fields()), helper=helper
    )
    client_a.force_login(resident)
    html = client_a.get(f"/volunteer/requests/{request.public_id}/confirmation/").content.decode()
    assert "Josef Widmann" in html and "Telefon 07033 1234" in html and "Brot und Milch" in html


def test_the_network_manager_takes_a_request_on_the_phone(
    client_a, service, resident, moderator
) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    client_a.force_login(moderator)
    url = f"/volunteer/services/einkaufshilfe/request/for/{resident.public_id}/"
    refused = client_a.get(url)
    assert refused.status_code == 403
    record_consent(
        recorded_by=moderator, person=resident, scopes=[REQUESTS], given_how=Consent.Given.PHONE
    )
    response = client_a.post(url, _form())
    request = HelpRequest.objects.get()
    assert request.resident == resident and request.entered_by == moderator
    assert response["Location"].endswith("/confirmation/")


def test_the_helpers_list_shows_open_pool_requests(client_a, service, resident, helper) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(helper)
    assert request.get_absolute_url() in client_a.get("/volunteer/helping/").content.decode()


def test_services_are_in_the_one_search(client_a, narrow) -> None:
    html = client_a.get("/search/?q=Notfall").content.decode()
    assert "Einkaufshilfe im Notfall" in html and "/volunteer/services/notfall/" in html


def test_the_confirmation_has_its_print_styles(client_a, service, resident) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(resident)
    html = client_a.get(f"/volunteer/requests/{request.public_id}/confirmation/").content.decode()
    assert "volunteer/confirmation.css" in html and "We will tell you as soon as" in html


def test_the_form_starts_with_what_the_portal_knows(client_a, narrow, resident) -> None:
    type(resident).objects.filter(pk=resident.pk).update(district="Nord", phone="07033 999")
    client_a.force_login(resident)
    html = client_a.get("/volunteer/services/notfall/request/").content.decode()
    assert 'value="07033 999"' in html and '<option value="Nord" selected>' in html

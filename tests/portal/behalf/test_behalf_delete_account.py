"""A network manager deletes a managed resident's account for them (they have no password):
a page that asks first, only with their consent or as town administrator, audited, through
the same `delete_account` service as "delete my account"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from portal.accounts.models import AuditEntry, User
from portal.accounts.services import delete_account
from portal.behalf.models import Consent, ManagedResident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCOPE = "exchange_time"


def login(client, user, town):
    with tenant_context(town):
        client.force_login(user)


def _url(person: User) -> str:
    return f"/helping/people/{person.public_id}/delete/"


def _untouched(person: User) -> bool:
    row = User.objects.get(pk=person.pk)
    return row.deleted_at is None and row.full_name == "Hildegard Maier" and row.is_managed


def test_the_network_manager_with_consent_deletes_the_account(
    client_a, town_a, manager, managed, give_consent
):
    # given Markus holds Hildegard's consent
    give_consent(managed, [SCOPE])
    login(client_a, manager, town_a)
    # her page offers the deletion, and it asks first
    assert _url(managed) in client_a.get(f"/helping/people/{managed.public_id}/").content.decode()
    page = client_a.get(_url(managed))
    assert page.status_code == 200
    assert "Delete the account of Hildegard Maier?" in page.content.decode()
    assert _untouched(managed)
    # when he confirms
    response = client_a.post(_url(managed), follow=True)
    # then he is back on the list and told so
    assert response.redirect_chain[-1][0].endswith("/helping/")
    assert "The account of Hildegard Maier and their data have been deleted." in (
        response.content.decode()
    )
    # and her account is anonymised, her profile and consents erased
    gone = User.objects.get(pk=managed.pk)
    assert gone.deleted_at is not None and gone.full_name != "Hildegard Maier"
    assert not gone.is_managed and gone.phone == ""
    assert not ManagedResident.objects.filter(user=managed).exists()
    assert not Consent.objects.filter(person=managed).exists()
    # and the log says who did it for the (now anonymous) account
    entry = AuditEntry.objects.get(action="account_deleted")
    assert entry.actor == manager and entry.on_behalf_of_id == managed.pk
    assert "Hildegard" not in str(entry.detail)
    # she is no longer among the people helped
    assert "Hildegard Maier" not in client_a.get("/helping/").content.decode()


def test_a_town_administrator_deletes_without_a_consent(client_a, town_a, managed):
    admin = UserFactory(town_admin=True)
    login(client_a, admin, town_a)
    # the console's page of the person offers it too
    assert _url(managed) in client_a.get(f"/manage/users/{managed.public_id}/").content.decode()
    response = client_a.post(_url(managed))
    assert response.status_code == 302
    assert User.objects.get(pk=managed.pk).deleted_at is not None
    assert AuditEntry.objects.get(action="account_deleted").actor == admin


def test_a_network_manager_without_her_consent_is_refused(
    client_a, town_a, manager, managed, give_consent
):
    # given a consent only for Markus, and Nina, another network manager
    give_consent(managed, [SCOPE], helper=manager)
    nina = UserFactory(moderator=True)
    login(client_a, nina, town_a)
    # then the page is not offered, and neither asking nor sending deletes anything
    assert (
        _url(managed) not in client_a.get(f"/helping/people/{managed.public_id}/").content.decode()
    )
    assert client_a.get(_url(managed)).status_code == 403
    response = client_a.post(_url(managed))
    assert response.status_code == 403
    assert "not given you a valid consent" in response.content.decode()
    assert _untouched(managed)
    assert not AuditEntry.objects.filter(action="account_deleted").exists()


def test_a_resident_cannot_delete_someone_elses_account(client_a, town_a, managed, give_consent):
    give_consent(managed, [SCOPE])
    login(client_a, UserFactory(), town_a)
    assert client_a.post(_url(managed)).status_code == 403
    assert _untouched(managed)


def test_another_towns_administrator_finds_nothing(client_b, town_b, managed):
    with tenant_context(town_b):
        admin_b = UserFactory(town_admin=True, email="admin-b-delete@example.org")
    login(client_b, admin_b, town_b)
    assert client_b.post(_url(managed)).status_code == 404
    assert _untouched(managed)


def test_a_person_with_a_password_deletes_their_own_account(
    client_a, town_a, manager, give_consent
):
    # given Otto has his own log-in and gave Markus a consent
    otto = UserFactory(full_name="Otto Online")
    give_consent(otto, [SCOPE])
    login(client_a, manager, town_a)
    response = client_a.post(_url(otto))
    assert response.status_code == 403
    assert "deletes their own account" in response.content.decode()
    assert User.objects.get(pk=otto.pk).deleted_at is None
    with pytest.raises(PermissionDenied):
        delete_account(user=otto, by=manager)
    assert User.objects.get(pk=otto.pk).full_name == "Otto Online"


def test_a_revoked_consent_no_longer_allows_it(manager, managed, give_consent):
    from portal.behalf.services import revoke_consent

    consent = give_consent(managed, [SCOPE])
    revoke_consent(consent=consent, by=manager)
    with pytest.raises(PermissionDenied, match="valid consent"):
        delete_account(user=managed, by=manager)
    assert _untouched(managed)

"""Managed residents and consent records: who may act for whom, since when, until when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.accounts.models import AuditEntry, Role, User
from portal.accounts.services import set_password_from_link
from portal.behalf import services
from portal.behalf.models import Consent, ManagedResident
from portal.behalf.selectors import may_act_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LISTINGS = "exchange_listings"
TIME = "exchange_time"


def test_managed_resident_has_no_password_nor_address_and_takes_part(manager):
    # when the network manager adds Hildegard, who has no e-mail address
    person = services.create_managed_resident(
        created_by=manager, full_name="  Hildegard   Maier ", address="Lindenweg 3"
    )
    # then she is a participating resident without password or address, vouched for
    person.refresh_from_db()
    assert person.full_name == "Hildegard Maier"
    assert person.email is None and not person.has_usable_password()
    assert person.is_managed and person.can_participate and person.roles == [Role.RESIDENT]
    profile = ManagedResident.objects.get(user=person)
    assert profile.address == "Lindenweg 3" and profile.created_by == manager
    audit = AuditEntry.objects.get(action="behalf_resident_created")
    assert audit.actor == manager and audit.subject == person


def test_two_managed_residents_may_both_be_without_address(manager):
    services.create_managed_resident(created_by=manager, full_name="A B", phone="1")
    services.create_managed_resident(created_by=manager, full_name="C D", phone="2")
    assert User.objects.filter(email__isnull=True).count() == 2


def test_real_accounts_still_need_a_unique_address(in_town_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(full_name="Ohne Adresse", email=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(full_name="Leer", email="")
    UserFactory(email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="SAME@example.org")


def test_managed_resident_needs_a_way_to_reach_them_and_reports_every_problem(manager):
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.create_managed_resident(
            created_by=manager, full_name="", postcode="7126x", phone="", address=""
        )
    errors = caught.value.message_dict
    assert set(errors) == {"full_name", "address", "postcode"}
    assert "address or a phone number" in errors["address"][0]
    assert User.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "Hilde\x00gard"), ("address", "Linden\x07weg 3"), ("phone", "0703\x00")],
)
def test_control_characters_are_refused_per_field(manager, field, value):
    data = {"full_name": "Hildegard Maier", "address": "Lindenweg 3", "phone": "1", field: value}
    with pytest.raises(ValidationError) as caught:
        services.create_managed_resident(created_by=manager, **data)
    assert list(caught.value.message_dict) == [field]
    assert not User.objects.filter(is_managed=True).exists()


def test_only_network_managers_create_managed_residents(in_town_a):
    resident = UserFactory()
    with pytest.raises(PermissionDenied):
        services.create_managed_resident(created_by=resident, full_name="X Y", phone="1")
    assert not User.objects.filter(is_managed=True).exists()


def test_consent_is_required_and_covers_only_its_scope(manager, managed, give_consent):
    # without consent: refused
    with transaction.atomic(), pytest.raises(PermissionDenied, match="not given you a valid"):
        services.require_consent(actor=manager, person=managed, scope=LISTINGS)
    # a consent for the time bank does not cover listings
    give_consent(managed, [TIME])
    with transaction.atomic(), pytest.raises(PermissionDenied, match="Post listings"):
        services.require_consent(actor=manager, person=managed, scope=LISTINGS)
    with transaction.atomic():
        assert services.require_consent(actor=manager, person=managed, scope=TIME)


def test_expired_future_and_revoked_consents_do_not_count(manager, managed, give_consent):
    today = timezone.localdate()
    give_consent(
        managed, [LISTINGS], valid_from=today - timedelta(days=30), valid_until=today - timedelta(1)
    )
    give_consent(managed, [LISTINGS], valid_from=today + timedelta(days=1))
    assert not may_act_for(actor=manager, person=managed, scope=LISTINGS)
    consent = give_consent(managed, [LISTINGS], valid_until=today)
    assert may_act_for(actor=manager, person=managed, scope=LISTINGS)  # the last day counts
    services.revoke_consent(consent=consent, by=manager)
    assert not may_act_for(actor=manager, person=managed, scope=LISTINGS)
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.require_consent(actor=manager, person=managed, scope=LISTINGS)


def test_consent_for_one_network_manager_does_not_let_another_act(manager, managed, give_consent):
    other = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    give_consent(managed, [LISTINGS], helper=manager)
    assert may_act_for(actor=manager, person=managed, scope=LISTINGS)
    assert not may_act_for(actor=other, person=managed, scope=LISTINGS)
    # "any network manager" covers an administrator too (administrators are moderators)
    give_consent(managed, [TIME])
    assert may_act_for(actor=UserFactory(town_admin=True), person=managed, scope=TIME)


def test_a_resident_cannot_act_even_with_a_consent_naming_everyone(managed, give_consent):
    give_consent(managed, [LISTINGS])
    with transaction.atomic(), pytest.raises(PermissionDenied, match="network managers"):
        services.require_consent(actor=UserFactory(), person=managed, scope=LISTINGS)


def test_nobody_acts_for_a_blocked_person(manager, give_consent):
    person = UserFactory()
    give_consent(person, [LISTINGS])
    User.objects.filter(pk=person.pk).update(status=User.Status.BLOCKED)
    person.refresh_from_db()
    with transaction.atomic(), pytest.raises(PermissionDenied, match="cannot take part"):
        services.require_consent(actor=manager, person=person, scope=LISTINGS)


def test_recording_a_consent_checks_everything_at_once(manager, managed):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.record_consent(
            recorded_by=manager,
            person=managed,
            scopes=["no_such_scope"],
            given_how="telepathy",
            valid_from=today,
            valid_until=today - timedelta(days=1),
            note="x" * 301,
        )
    assert set(caught.value.message_dict) == {"scopes", "given_how", "valid_until", "note"}
    with pytest.raises(ValidationError, match="what the consent covers"):
        services.record_consent(
            recorded_by=manager, person=managed, scopes=[], given_how=Consent.Given.PHONE
        )
    with pytest.raises(ValidationError, match="Another network manager"):
        services.record_consent(
            recorded_by=manager, person=manager, scopes=[LISTINGS], given_how="phone"
        )
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(action="behalf_consent_given").exists()


def test_consent_given_and_revoked_by_the_resident_are_audited(manager, give_consent):
    resident = UserFactory(full_name="Josef Widmann")
    consent = give_consent(resident, [LISTINGS, TIME])
    given = AuditEntry.objects.get(action="behalf_consent_given")
    assert given.actor == manager and given.subject == resident
    assert given.target_key == str(consent.public_id)
    assert given.detail["scopes"] == [LISTINGS, TIME] and given.detail["how"] == "paper"
    # the resident takes it back in their profile
    services.revoke_consent(consent=consent, by=resident)
    revoked = AuditEntry.objects.get(action="behalf_consent_revoked")
    assert revoked.actor == resident and revoked.subject == resident
    with pytest.raises(ValidationError, match="already been revoked"):
        services.revoke_consent(consent=consent, by=resident)


def test_another_resident_cannot_revoke_someones_consent(manager, give_consent):
    consent = give_consent(UserFactory(), [LISTINGS])
    with pytest.raises(PermissionDenied):
        services.revoke_consent(consent=consent, by=UserFactory())
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_invitation_turns_a_managed_resident_into_a_full_account(
    manager, managed, give_consent, mailoutbox, django_capture_on_commit_callbacks
):
    give_consent(managed, [LISTINGS])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_managed_resident(
            person=managed, email=" Hilde@Example.org ", invited_by=manager
        )
    managed.refresh_from_db()
    assert managed.email == "hilde@example.org" and managed.is_managed
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["hilde@example.org"]
    assert f"/{managed.public_id}/" in mailoutbox[0].body  # the set-password link
    assert ManagedResident.objects.get(user=managed).invited_at is not None
    # when she chooses her password, the account is hers; its history and consent stay
    set_password_from_link(user=managed, password="ein-sicheres-passwort-42")
    managed.refresh_from_db()
    assert not managed.is_managed and managed.email_verified_at is not None
    assert managed.check_password("ein-sicheres-passwort-42")
    assert Consent.objects.filter(person=managed).count() == 1
    audit = AuditEntry.objects.get(action="behalf_resident_invited")
    assert audit.actor == manager and audit.subject == managed


def test_invitation_refuses_a_taken_address(manager, managed):
    UserFactory(email="taken@example.org")
    with pytest.raises(ValidationError, match="Another account"):
        services.invite_managed_resident(
            person=managed, email="TAKEN@example.org", invited_by=manager
        )
    managed.refresh_from_db()
    assert managed.email is None


def test_mail_to_a_managed_resident_is_not_sent(
    managed, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.mail import queue_town_email

    with django_capture_on_commit_callbacks(execute=True):
        queue_town_email(
            template="password_reset", to=[managed.email], context={"name": "x", "link": "y"}
        )
    assert mailoutbox == []


def test_a_switched_off_modules_scopes_cannot_be_consented_to(manager, managed, town_a):
    # Regression: the form hid them, but the service accepted any declared scope.
    from django_tenants.utils import tenant_context

    from portal.behalf.scopes import scopes_of_current_town
    from tenants.models import Town

    modules = [key for key in town_a.enabled_modules if key != "exchange"]
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=modules)
    with tenant_context(Town.objects.get(pk=town_a.pk)):
        assert not [scope for scope in scopes_of_current_town() if scope.module == "exchange"]
        with pytest.raises(ValidationError) as caught:
            services.record_consent(
                recorded_by=manager, person=managed, scopes=[TIME], given_how="phone"
            )
    assert set(caught.value.message_dict) == {"scopes"}
    assert not Consent.objects.exists()

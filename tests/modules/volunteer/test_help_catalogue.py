"""Offering and changing a service: who may, every problem named at once, the rules kept to
the town's districts and the organisation's representatives; hiding through the kit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from modules.directory.models import Organisation
from modules.volunteer.models import Service
from modules.volunteer.services.catalogue import (
    ServiceFields,
    create_service,
    hide_service,
    restore_service,
    update_service,
)
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def _fields(**changes: object) -> ServiceFields:
    values: dict[str, object] = {
        "title": "Vorlesen",
        "description": "Wir lesen vor.",
        "kind": "help",
        "audience": "Alle",
        "contact": "Telefon 1234",
    }
    values.update(changes)
    return ServiceFields(**values)  # type: ignore[arg-type]


def test_a_representative_offers_and_changes_a_service(organisation, representative) -> None:
    service = create_service(organisation=organisation, by=representative, fields=_fields())
    assert service.slug == "vorlesen" and service.coordinator == representative
    again = create_service(organisation=organisation, by=representative, fields=_fields())
    assert again.slug == "vorlesen-2"
    changed = update_service(
        service=service,
        by=representative,
        fields=_fields(title="Vorlesen am Nachmittag", eligible_districts=["Süd"], min_age=65),
    )
    assert changed.slug == "vorlesen" and changed.eligible_districts == ["Süd"]
    assert changed.rules() == ["district", "min_age"]
    assert AuditEntry.objects.filter(action="volunteer_service_changed").count() == 1


def test_only_representatives_of_an_approved_organisation_offer(
    organisation, outsider, representative
) -> None:
    with pytest.raises(PermissionDenied):
        create_service(organisation=organisation, by=outsider, fields=_fields())
    waiting = OrganisationFactory(status=Organisation.Status.PENDING)
    RepresentativeFactory(organisation=waiting, user=representative)
    with pytest.raises(PermissionDenied):
        create_service(organisation=waiting, by=representative, fields=_fields())
    service = create_service(organisation=organisation, by=representative, fields=_fields())
    with pytest.raises(PermissionDenied):
        update_service(service=service, by=outsider, fields=_fields(title="Gekapert"))
    assert not Service.objects.filter(title="Gekapert").exists()


def test_every_problem_is_named_at_once(organisation, representative) -> None:
    with pytest.raises(ValidationError) as bad:
        create_service(
            organisation=organisation,
            by=representative,
            fields=_fields(
                title="",
                kind="bogus",
                cost_kind="allowance",
                allowance_cents=None,
                eligible_districts=["Atlantis"],
                min_age=130,
                required_checks=["horoscope"],
                coordinator=UserFactory(),
            ),
        )
    assert set(bad.value.message_dict) == {
        "title",
        "kind",
        "allowance_cents",
        "eligible_districts",
        "min_age",
        "required_checks",
        "coordinator",
    }
    assert not Service.objects.exists()


def test_a_free_service_keeps_no_allowance(organisation, representative) -> None:
    service = create_service(
        organisation=organisation,
        by=representative,
        fields=_fields(cost_kind="free", allowance_cents=500, allowance_note="Fahrt"),
    )
    assert service.allowance_cents is None and service.allowance_note == ""


def test_a_moderator_hides_and_restores_through_the_kit(service, moderator, representative) -> None:
    with pytest.raises(PermissionDenied):
        hide_service(service=service, moderator=representative, reason="x")
    hidden = hide_service(service=service, moderator=moderator, reason="Veraltet")
    assert hidden.is_hidden
    with pytest.raises(ValidationError):
        hide_service(service=service, moderator=moderator, reason="Nochmal")
    assert not restore_service(service=service, moderator=moderator).is_hidden


def test_a_ride_service_has_no_situation_rule_and_no_approval(organisation, representative) -> None:
    for changes, field in (
        ({"situation": "Ich kann nicht selbst fahren"}, "situation"),
        ({"needs_approval": True}, "needs_approval"),
    ):
        with pytest.raises(ValidationError) as exc:
            create_service(
                organisation=organisation,
                by=representative,
                fields=_fields(kind="rides", **changes),
            )
        assert "no such rule" in exc.value.message_dict[field][0]
    ride = create_service(
        organisation=organisation, by=representative, fields=_fields(kind="rides", min_age=65)
    )
    assert ride.kind == "rides" and ride.min_age == 65
    helping = create_service(
        organisation=organisation,
        by=representative,
        fields=_fields(situation="Ich lebe allein", needs_approval=True),
    )
    assert helping.needs_approval

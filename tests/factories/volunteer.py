"""Factories of neighbourly help; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from modules.volunteer.models import (
    Check,
    CheckKind,
    Helper,
    HelperStatus,
    Service,
    ServiceKind,
    Vehicle,
)

from . import UserFactory
from .directory import OrganisationFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ServiceKind.HELP
    title = factory.Sequence(lambda n: f"Nachbarschaftshilfe {n}")
    slug = factory.Sequence(lambda n: f"hilfe-{n}")
    description = "Wir helfen beim Einkaufen und bei kleinen Besorgungen."
    audience = "Alle im Ort"
    contact = "Telefon 07033 1234"
    coordinator = factory.SubFactory(UserFactory)


class RideServiceFactory(ServiceFactory):
    kind = ServiceKind.RIDES
    title = factory.Sequence(lambda n: f"Seniorenmobil {n}")
    slug = factory.Sequence(lambda n: f"seniorenmobil-{n}")
    required_checks = [CheckKind.DRIVING_LICENCE]
    # Monday to Friday, 8:00 to 18:00.
    operating_hours = [{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)]


class HelperFactory(factory.django.DjangoModelFactory):
    """A vetted helper with a valid check of every kind the service requires."""

    class Meta:
        model = Helper
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    user = factory.SubFactory(UserFactory)
    status = HelperStatus.VETTED
    decided_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def checks(obj: Helper, create: bool, extracted: object, **kwargs: object) -> None:
        if not create or extracted is False:
            return
        today = timezone.localdate()
        for kind in obj.service.required_checks:
            Check.objects.create(
                helper=obj,
                kind=kind,
                seen_on=today - timedelta(days=30),
                valid_until=today + timedelta(days=365),
            )


def add_check(helper: Helper, kind: str, *, seen_on: date, valid_until: date | None) -> Check:
    return Check.objects.create(helper=helper, kind=kind, seen_on=seen_on, valid_until=valid_until)


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    service = factory.SubFactory(RideServiceFactory)
    name = factory.Sequence(lambda n: f"Kleinbus {n}")
    seats = 4
    wheelchair_places = 1

"""Factories of the directory module; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

import factory
from django.utils import timezone

from modules.directory.models import Kind, Offering, Organisation, Representative
from modules.directory.search import refresh_search_index

from . import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verein Nummer {n}")
    slug = factory.Sequence(lambda n: f"verein-{n}")
    kind = Kind.CLUB
    description = "Wir treffen uns regelmäßig im Gemeindehaus."
    status = Organisation.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def index(obj: Organisation, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            refresh_search_index(obj)


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Angebot {n}")
    description = "Für alle offen."
    schedule = "jeden Montag"

    @factory.post_generation
    def index(obj: Offering, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            refresh_search_index(obj.organisation)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)

"""Factories of the e-letter (use inside in_town_a / in_town_b)."""

from __future__ import annotations

import factory

from portal.letters.models import Letter, Section

from . import UserFactory


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    year = 2026
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    slug = factory.LazyAttribute(lambda o: f"{o.year}-q{o.quarter}")
    title = factory.LazyAttribute(lambda o: f"Quartalsbrief {o.quarter}/{o.year}")
    intro = "Liebe Bürgerinnen und Bürger,\n\nhier ist unser Brief."
    created_by = factory.SubFactory(UserFactory, moderator=True)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    letter = factory.SubFactory(LetterFactory)
    position = factory.Sequence(lambda n: n)
    heading = "Neuigkeiten"
    body = "Der Gemeinderat tagt am Dienstag.\n\nMehr unter https://example.org/rat"

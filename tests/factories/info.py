"""Factories of the info module (use inside in_town_a / in_town_b)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from modules.info.models import Event, Link, LinkCategory, Menu, News, Recurrence
from portal.accounts.models import Role

from . import UserFactory


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    category = LinkCategory.WASTE
    title = factory.Sequence(lambda n: f"Abfuhrkalender {n}")
    url = factory.Sequence(lambda n: f"https://example.org/abfall/{n}")


class NewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = News

    title = factory.Sequence(lambda n: f"Neuigkeit {n}")
    body = "Der Gemeinderat tagt am Dienstag."
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    expire_at = None


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    organiser_name = "Musikverein"
    organiser_slug = "musikverein"
    place = "Stadthalle"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    recurrence = Recurrence.NONE
    created_by = factory.SubFactory(UserFactory, roles=[Role.RESIDENT, Role.ORGANISATION])


class MenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Menu

    provider = factory.SubFactory(UserFactory, roles=[Role.RESIDENT, Role.PROVIDER])
    restaurant = factory.Sequence(lambda n: f"Gasthaus {n}")
    dishes = "Linsen mit Spätzle\nMaultaschen in der Brühe"
    valid_from = factory.LazyFunction(lambda: timezone.localdate())
    valid_until = factory.LazyAttribute(lambda o: o.valid_from + timedelta(days=4))

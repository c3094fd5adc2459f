"""Factories of the exchange; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from modules.exchange.models import Listing, Message, Report, Thread

from . import UserFactory


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    owner = factory.SubFactory(UserFactory)
    kind = Listing.Kind.GIVE
    listing_type = Listing.Type.ITEM
    title = factory.Sequence(lambda n: f"Kinderfahrrad Nr. {n}")
    description = "Gut erhalten, bitte abholen."
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    listing = factory.SubFactory(ListingFactory)
    interested = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SelfAttribute("thread.interested")
    body = "Ist das Fahrrad noch zu haben?"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    listing = factory.SubFactory(ListingFactory)
    reason = "Das ist Werbung."

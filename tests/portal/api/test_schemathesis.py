"""The town API's schema tells the truth: a bounded schemathesis run with every check.

Every operation of /api/v1/ is tried in-process (WSGI, no network) against town A, as a
moderator with a token, with two schema-valid and schema-violating cases each (so that the
suite stays under 15 minutes on two cores); any failure of any check (status codes, content types, response schemas, valid data rejected, invalid data
accepted, auth ignored, server errors) fails the test with the list. The full run (more
examples, anonymous and resident too) is ops/fuzz/schemathesis_full.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from portal.accounts.models import User
from portal.notify import notify
from tenants.models import Town
from tests.conftest import TownClient, host
from tests.factories import UserFactory
from tests.factories.directory import OfferingFactory, OrganisationFactory, RepresentativeFactory
from tests.factories.exchange import ListingFactory
from tests.factories.info import EventFactory, LinkFactory, MenuFactory, NewsFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_order

from .fuzzing import FuzzReport, fuzz

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = int(os.environ.get("LQ_FUZZ_EXAMPLES", "2"))
AS = os.environ.get("LQ_FUZZ_AS", "moderator").split(",")


def _caller(who: str, town: Town) -> tuple[User | None, dict[str, str]]:
    if who == "anonymous":
        return None, {}
    with tenant_context(town):
        user = UserFactory(moderator=True) if who == "moderator" else UserFactory()
        key = Token.objects.create(user=user).key
    return user, {"Authorization": f"Token {key}"}


def _samples(town: Town, user: User | None) -> dict[str, dict[str, str]]:
    """Real objects for the URLs' ids; the caller represents the organisation and owns the
    listing, so that its writes reach the services."""
    with tenant_context(town):
        organisation = OrganisationFactory()
        if user is not None:
            RepresentativeFactory(organisation=organisation, user=user)
        offering = OfferingFactory(organisation=organisation)
        listing = ListingFactory(owner=user) if user is not None else ListingFactory()
        shop_offer = OfferFactory(provider=ProviderFactory(owner=UserFactory(provider=True)))
        shop_order = make_order(offer=shop_offer, resident=UserFactory())
        ride = _ride_sample()
        notification = None
        if user is not None:
            notify(user, "moderation/reported", context={"what": "Listing", "title": "Fuzz"})
            notification = user.notifications.get()
        ids = {
            "/api/v1/info/news/": NewsFactory().public_id,
            "/api/v1/info/events/": EventFactory().public_id,
            "/api/v1/info/links/": LinkFactory().public_id,
            "/api/v1/info/menus/": MenuFactory().public_id,
        }
    return {
        "/api/v1/directory/organisations/": {"slug": organisation.slug},
        "/api/v1/directory/offerings/": {"public_id": str(offering.public_id)},
        "/api/v1/exchange/listings/": {"public_id": str(listing.public_id)},
        "/api/v1/shop/offers/": {"public_id": str(shop_offer.public_id)},
        "/api/v1/shop/providers/": {"slug": shop_offer.provider.slug},
        "/api/v1/shop/orders/": {"public_id": str(shop_order.public_id)},
        "/api/v1/volunteer/rides/": {"public_id": str(ride.public_id)},
        **{prefix: {"id": str(value)} for prefix, value in ids.items()},
        **(
            {"/api/v1/notifications/": {"public_id": str(notification.public_id)}}
            if notification is not None
            else {}
        ),
    }


def _ride_sample() -> Any:
    """An open ride of a ride service with a vehicle (the moderator coordinates it)."""
    from tests.factories.volunteer import RideServiceFactory, VehicleFactory
    from tests.modules.volunteer.rides_setup import at, book, weekday_after

    service = RideServiceFactory()
    VehicleFactory(service=service)
    return book(service, UserFactory(), at(weekday_after(1), 9))


@pytest.mark.parametrize("who", AS)
def test_api_conforms_to_its_schema(who: str, town_a: Town, client_a: TownClient) -> None:
    raw = client_a.get("/api/v1/schema/?format=json").json()
    report = FuzzReport()

    user, headers = _caller(who, town_a)
    samples = _samples(town_a, user)

    fuzz(
        raw,
        host=host(town_a.slug),
        headers=headers,
        examples=EXAMPLES,
        report=report,
        samples=samples,
    )

    print(
        f"\nschemathesis as {who}: {report.operations} operations, {report.cases} cases, "
        f"{len(report.failures)} unique failures; {len(report.succeeded)} operations answered 2xx"
    )
    slowest = sorted(report.seconds.items(), key=lambda item: -item[1])[:5]
    print("slowest: " + ", ".join(f"{label} {secs:.1f}s" for label, secs in slowest))
    if report.failures and os.environ.get("LQ_FUZZ_DETAILS"):
        with Path(os.environ["LQ_FUZZ_DETAILS"]).open("a") as out:
            out.write(f"=== as {who}\n{report.details()}\n")
    assert report.operations >= 40
    if who == "moderator":  # the samples let most operations get past their 404
        assert len(report.succeeded) >= 30, sorted(report.succeeded)
    assert report.failures == {}, "\n".join(report.lines())

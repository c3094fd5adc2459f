"""Defect 6: hidden content must not be reachable (regression tests, failing before the fix).

The "report message" page showed a hidden message's text, and `/media/<schema>/exchange/…`
served a hidden listing's photos to anyone with `Cache-Control: public`.
"""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import tenant_context

from modules.exchange import services
from modules.exchange.models import ListingPhoto
from tests.conftest import TownClient
from tests.factories.exchange import ListingFactory, MessageFactory, image_bytes

pytestmark = pytest.mark.django_db


def login(client, user, town):
    with tenant_context(town):
        client.force_login(user)


def _photo(listing, owner) -> ListingPhoto:
    return services.add_listing_photo(listing=listing, by=owner, upload=io.BytesIO(image_bytes()))


def test_report_page_of_a_hidden_message_does_not_show_its_text(client_a, town_a, people):
    message = MessageFactory(body="Böse Worte über den Nachbarn")
    services.hide_message(message=message, moderator=people["moderator"], reason="Beleidigend")
    login(client_a, message.thread.listing.owner, town_a)
    response = client_a.get(f"/exchange/messages/report/{message.public_id}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Böse Worte" not in body
    assert "already hidden" in body


def test_a_hidden_message_cannot_be_reported_again(client_a, town_a, people):
    message = MessageFactory(body="Böse Worte")
    services.hide_message(message=message, moderator=people["moderator"], reason="Beleidigend")
    login(client_a, message.thread.listing.owner, town_a)
    response = client_a.post(
        f"/exchange/messages/report/{message.public_id}/", {"reason": "Nochmal"}
    )
    assert response.status_code == 400
    assert message.reports.count() == 0


def test_raw_media_address_of_a_hidden_listings_photo_is_not_served(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    photo = _photo(listing, people["owner"])
    services.hide_listing(listing=listing, moderator=people["moderator"], reason="Spam")
    response = TownClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]).get(photo.image.url)
    assert response.status_code == 404


def test_photo_of_a_hidden_listing_only_for_owner_and_moderators_never_cached(
    client_a, town_a, people
):
    listing = ListingFactory(owner=people["owner"])
    photo = _photo(listing, people["owner"])
    url = photo.get_absolute_url()
    services.hide_listing(listing=listing, moderator=people["moderator"], reason="Spam")

    anonymous = TownClient(HTTP_HOST=client_a.defaults["HTTP_HOST"])
    assert anonymous.get(url).status_code == 404
    login(client_a, people["member"], town_a)
    assert client_a.get(url).status_code == 404
    for who in ("owner", "moderator"):
        login(client_a, people[who], town_a)
        response = client_a.get(url)
        assert response.status_code == 200, who
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"

    services.restore_listing(listing=listing, moderator=people["moderator"], reason="Geklärt")
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


def test_photo_of_another_towns_listing_is_a_404(client_a, client_b, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    url = _photo(listing, people["owner"]).get_absolute_url()
    assert client_b.get(url).status_code == 404
    assert client_a.get(url).status_code == 200


def test_api_lists_photo_addresses_through_the_view(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    photo = _photo(listing, people["owner"])
    data = client_a.get(f"/api/v1/exchange/listings/{listing.public_id}/").json()
    assert data["photos"][0]["url"] == photo.get_absolute_url()

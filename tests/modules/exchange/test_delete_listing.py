"""An owner deletes a listing: asked first, gone everywhere, conversations kept, audited."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from modules.exchange import services
from modules.exchange.models import Listing, ListingPhoto
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, MessageFactory, image_bytes

pytestmark = pytest.mark.django_db


def test_the_owner_is_asked_first_and_nothing_changes_until_they_confirm(client_a, people):
    listing = ListingFactory(owner=people["owner"], title="Bohrmaschine")
    client_a.force_login(people["owner"])
    page = client_a.get(f"/exchange/listings/{listing.public_id}/delete/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Delete your listing “Bohrmaschine”?" in body
    assert "Yes, delete the listing" in body
    assert f'href="/exchange/listings/{listing.public_id}/"' in body  # "No, go back"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE


def test_deleting_removes_the_listing_everywhere_and_keeps_the_conversation(client_a, people):
    # given a listing with a photo and a conversation
    owner, member = people["owner"], people["member"]
    listing = ListingFactory(owner=owner, title="Bohrmaschine")
    services.add_listing_photo(listing=listing, by=owner, upload=io.BytesIO(image_bytes()))
    thread = MessageFactory(thread__listing=listing, thread__interested=member).thread
    client_a.force_login(owner)
    # when the owner confirms
    response = client_a.post(f"/exchange/listings/{listing.public_id}/delete/")
    # then it is gone from every list and page, its photos with it
    assert response.status_code == 302 and response["Location"] == "/exchange/mine/"
    assert Listing.all_objects.get(pk=listing.pk).status == Listing.Status.DELETED
    assert not Listing.objects.filter(pk=listing.pk).exists()
    assert not ListingPhoto.objects.filter(listing_id=listing.pk).exists()
    assert "Bohrmaschine" not in client_a.get("/exchange/").content.decode()
    assert "Bohrmaschine" not in client_a.get("/exchange/mine/").content.decode()
    assert client_a.get(f"/exchange/listings/{listing.public_id}/").status_code == 404
    assert client_a.get(f"/exchange/listings/{listing.public_id}/edit/").status_code == 404
    assert client_a.get(f"/api/v1/exchange/listings/{listing.public_id}/").status_code == 404
    # and the conversation stays readable for the other person, with a word about it
    client_a.force_login(member)
    page = client_a.get(f"/exchange/messages/{thread.public_id}/")
    assert page.status_code == 200
    assert "The listing has been deleted." in page.content.decode()
    assert "Ist das Fahrrad noch zu haben?" in page.content.decode()
    # and it is on record
    entry = AuditEntry.objects.get(action="exchange_listing_deleted")
    assert entry.actor_id == owner.pk


def test_only_the_owner_may_delete(client_a, people):
    listing = ListingFactory(owner=people["owner"])
    client_a.force_login(people["member"])
    assert client_a.get(f"/exchange/listings/{listing.public_id}/delete/").status_code == 403
    assert client_a.post(f"/exchange/listings/{listing.public_id}/delete/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.delete_listing(listing=listing, by=people["moderator"])
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE


def test_a_deleted_listing_cannot_be_renewed_or_deleted_again(people):
    listing = ListingFactory(owner=people["owner"])
    services.delete_listing(listing=listing, by=people["owner"])
    for change in (services.renew_listing, services.mark_listing_taken, services.delete_listing):
        with pytest.raises(ValidationError, match="deleted"):
            change(listing=listing, by=people["owner"])
    assert Listing.all_objects.get(pk=listing.pk).status == Listing.Status.DELETED


def test_a_listing_of_town_a_is_a_404_in_town_b(client_b, people, town_b):
    listing = ListingFactory(owner=people["owner"])
    with tenant_context(town_b):
        client_b.force_login(UserFactory(email=people["owner"].email))
    assert client_b.get(f"/exchange/listings/{listing.public_id}/delete/").status_code == 404
    assert client_b.post(f"/exchange/listings/{listing.public_id}/delete/").status_code == 404
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE


def test_marking_as_taken_asks_first(client_a, people):
    listing = ListingFactory(owner=people["owner"], title="Bohrmaschine")
    client_a.force_login(people["owner"])
    detail = client_a.get(f"/exchange/listings/{listing.public_id}/").content.decode()
    assert f'href="/exchange/listings/{listing.public_id}/taken/"' in detail
    page = client_a.get(f"/exchange/listings/{listing.public_id}/taken/")
    assert "Mark your listing “Bohrmaschine” as taken?" in page.content.decode()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE
    assert client_a.post(f"/exchange/listings/{listing.public_id}/taken/").status_code == 302
    listing.refresh_from_db()
    assert listing.status == Listing.Status.TAKEN


def test_a_rolled_back_deletion_keeps_the_photo_files(people) -> None:
    # given a listing with a photo
    from django.core.files.storage import default_storage
    from django.db import transaction

    owner = people["owner"]
    listing = ListingFactory(owner=owner)
    services.add_listing_photo(listing=listing, by=owner, upload=io.BytesIO(image_bytes()))
    name = str(ListingPhoto.objects.get(listing=listing).image.name)
    # when the deletion's transaction is rolled back
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_listing(listing=listing, by=owner)
        raise RuntimeError("rolled back")
    # then the photo's row and file are both still there
    assert ListingPhoto.objects.filter(listing=listing).exists()
    assert default_storage.exists(name)

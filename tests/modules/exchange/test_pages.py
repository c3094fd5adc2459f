"""HTML pages: happy paths, roles, bad input, cross-town isolation, constant queries."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.ledger.models import Entry
from modules.exchange import services
from modules.exchange.models import Listing, ListingPhoto, Message, Thread
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, ThreadFactory, image_bytes
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def login(client, user, town):
    with tenant_context(town):
        client.force_login(user)


def test_index_lists_open_listings_only(client_a, people):
    open_one = ListingFactory(title="Bohrmaschine")
    ListingFactory(title="Versteckt", is_hidden=True, hidden_reason="Spam")
    ListingFactory(title="Abgelaufen", expires_at=timezone.now() - timedelta(days=1))
    ListingFactory(title="Vergeben", status=Listing.Status.TAKEN)
    ListingFactory(title="Gesperrt", owner=UserFactory(is_active=False))
    response = client_a.get("/exchange/")
    assert response.status_code == 200
    body = response.content.decode()
    assert open_one.title in body
    for hidden in ("Versteckt", "Abgelaufen", "Vergeben", "Gesperrt"):
        assert hidden not in body


def test_index_filters_and_search(client_a, people):
    ListingFactory(title="Gartenhilfe", kind="give", listing_type="time", minutes=120)
    ListingFactory(title="Suche Leiter", kind="wanted", listing_type="item")
    body = client_a.get("/exchange/?type=time").content.decode()
    assert "Gartenhilfe" in body and "Suche Leiter" not in body
    body = client_a.get("/exchange/?kind=wanted").content.decode()
    assert "Suche Leiter" in body and "Gartenhilfe" not in body
    body = client_a.get("/exchange/?q=leit").content.decode()
    assert "Suche Leiter" in body and "Gartenhilfe" not in body
    # unknown filter values are ignored, not errors
    assert client_a.get("/exchange/?kind=<b>&type=1&page=x").status_code == 200


def test_index_keeps_a_constant_number_of_queries(client_a, people):
    def grow(n: int) -> None:
        for _ in range(n):
            listing = ListingFactory(owner=UserFactory())
            ListingPhoto.objects.create(listing=listing, image="exchange/y.jpg", width=1, height=1)

    assert_constant_queries(lambda: client_a.get("/exchange/"), grow=grow)
    assert client_a.get("/exchange/").content.decode().count("/exchange/listings/") >= 9


def test_markup_is_inert_on_pages(client_a, people):
    listing = ListingFactory(owner=people["owner"], title=SCRIPT, description=SCRIPT)
    for path in ("/exchange/", f"/exchange/listings/{listing.public_id}/"):
        body = client_a.get(path).content.decode()
        assert SCRIPT not in body
        assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    "role", ["owner", "member", "moderator", "admin", "provider", "representative"]
)
def test_participants_of_every_role_can_post(client_a, town_a, people, role):
    login(client_a, people[role], town_a)
    response = client_a.post(
        "/exchange/new/",
        {"listing_type": "item", "kind": "give", "title": "Kinderwagen", "description": "blau"},
    )
    assert response.status_code == 302
    assert Listing.objects.get(title="Kinderwagen").owner == people[role]


def test_anonymous_and_unverified_cannot_post(client_a, town_a, people):
    response = client_a.post("/exchange/new/", {"kind": "give", "title": "X"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client_a, people["unverified"], town_a)
    response = client_a.post(
        "/exchange/new/", {"listing_type": "item", "kind": "give", "title": "Kinderwagen"}
    )
    assert response.status_code == 403
    assert Listing.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "required"),
        ({"title": "x" * 121}, "at most 120"),
        ({"kind": "sell"}, "valid choice"),
        ({"minutes": "50"}, "valid choice"),
        ({"listing_type": "item", "minutes": "60"}, "Only listings for time"),
    ],
)
def test_bad_form_input_changes_nothing(client_a, town_a, people, data, message):
    login(client_a, people["owner"], town_a)
    form = {"listing_type": "time", "kind": "give", "title": "Rasen", **data}
    response = client_a.post("/exchange/new/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Listing.objects.count() == 0


def test_owner_edits_renews_and_marks_taken(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"], expires_at=timezone.now() + timedelta(days=1))
    login(client_a, people["owner"], town_a)
    base = f"/exchange/listings/{listing.public_id}"
    assert client_a.get(f"{base}/edit/").status_code == 200
    response = client_a.post(f"{base}/edit/", {"kind": "swap", "title": "Neuer Titel"})
    assert response.status_code == 302
    assert client_a.get(f"{base}/renew/").status_code == 405
    assert client_a.post(f"{base}/renew/").status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Neuer Titel" and listing.kind == "swap"
    assert listing.expires_at > timezone.now() + timedelta(days=50)
    assert client_a.post(f"{base}/taken/").status_code == 302
    listing.refresh_from_db()
    assert listing.status == Listing.Status.TAKEN


def test_member_cannot_change_others_listing(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"], title="Original")
    login(client_a, people["member"], town_a)
    base = f"/exchange/listings/{listing.public_id}"
    assert client_a.get(f"{base}/edit/").status_code == 403
    assert client_a.post(f"{base}/edit/", {"kind": "give", "title": "Hacked"}).status_code == 403
    assert client_a.post(f"{base}/renew/").status_code == 403
    assert client_a.post(f"{base}/taken/").status_code == 403
    assert client_a.get(f"{base}/photos/").status_code == 403
    listing.refresh_from_db()
    assert listing.title == "Original" and listing.status == Listing.Status.ACTIVE


def test_hidden_listing_visible_to_owner_with_reason_only(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    services.hide_listing(listing=listing, moderator=people["moderator"], reason="Werbung <b>")
    path = f"/exchange/listings/{listing.public_id}/"
    assert client_a.get(path).status_code == 404
    login(client_a, people["member"], town_a)
    assert client_a.get(path).status_code == 404
    login(client_a, people["owner"], town_a)
    body = client_a.get(path).content.decode()
    assert "Werbung &lt;b&gt;" in body


def test_photo_upload_page(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    login(client_a, people["owner"], town_a)
    path = f"/exchange/listings/{listing.public_id}/photos/"
    upload = io.BytesIO(image_bytes("PNG"))
    upload.name = "rad.png"
    response = client_a.post(path, {"image": upload, "alt_text": "Rotes Rad"})
    assert response.status_code == 302
    photo = ListingPhoto.objects.get()
    assert photo.image.name.endswith(".jpg")
    # the file is served through the exchange's view on this town's host (cacheable, the
    # listing is public), never as a raw media file, and not on another town's host
    url = photo.get_absolute_url()
    response = client_a.get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    assert client_a.get(photo.image.url).status_code == 404
    from django.test import Client

    other = Client(HTTP_HOST="beta.lq.test")
    assert other.get(url).status_code == 404
    connection.set_tenant(town_a)


def test_fake_photo_upload_is_refused_with_message(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    login(client_a, people["owner"], town_a)
    fake = io.BytesIO(b"%PDF-1.4 this is no image")
    fake.name = "photo.jpg"
    response = client_a.post(f"/exchange/listings/{listing.public_id}/photos/", {"image": fake})
    assert response.status_code == 400
    assert "not a picture we can use" in response.content.decode()
    assert ListingPhoto.objects.count() == 0


def test_contact_owner_opens_thread_and_mails_without_addresses(
    client_a, town_a, people, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=people["owner"], title="Bohrer <i>")
    login(client_a, people["member"], town_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            f"/exchange/listings/{listing.public_id}/contact/", {"body": f"Hallo {SCRIPT}"}
        )
    thread = Thread.objects.get()
    assert response.status_code == 302 and str(thread.public_id) in response["Location"]
    assert thread.interested == people["member"]
    [sent] = mail.outbox
    assert sent.to == [people["owner"].email]
    everything = sent.body + sent.alternatives[0][0] + sent.subject
    assert people["member"].email not in everything
    assert f"/exchange/messages/{thread.public_id}/" in sent.body
    html = sent.alternatives[0][0]
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "<i>" not in html
    # the thread page shows the message escaped, and never an e-mail address
    body = client_a.get(f"/exchange/messages/{thread.public_id}/").content.decode()
    assert "&lt;script&gt;" in body and SCRIPT not in body
    assert people["owner"].email not in body


def test_empty_and_overlong_messages_are_refused(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    login(client_a, people["member"], town_a)
    path = f"/exchange/listings/{listing.public_id}/contact/"
    assert client_a.post(path, {"body": ""}).status_code == 400
    assert client_a.post(path, {"body": "x" * 2001}).status_code == 400
    assert Message.objects.count() == 0 and Thread.objects.count() == 0


def test_owner_cannot_write_to_own_listing(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    login(client_a, people["owner"], town_a)
    response = client_a.post(f"/exchange/listings/{listing.public_id}/contact/", {"body": "Hi"})
    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_thread_is_private_to_its_two_people(client_a, town_a, people):
    thread = ThreadFactory(
        listing=ListingFactory(owner=people["owner"]), interested=people["member"]
    )
    path = f"/exchange/messages/{thread.public_id}/"
    stranger = UserFactory()
    login(client_a, stranger, town_a)
    assert client_a.get(path).status_code == 404
    assert client_a.post(path, {"body": "Ich mische mich ein"}).status_code == 404
    assert Message.objects.count() == 0
    for person in ("owner", "member"):
        login(client_a, people[person], town_a)
        assert client_a.get(path).status_code == 200


def test_time_account_page_confirm_and_replay(client_a, town_a, people):
    thread = ThreadFactory(
        listing=ListingFactory(owner=people["owner"], listing_type="time"),
        interested=people["member"],
    )
    login(client_a, people["owner"], town_a)
    response = client_a.post(
        f"/exchange/messages/{thread.public_id}/transfer/",
        {"direction": "i_helped", "minutes": "90", "note": "Hecke"},
    )
    assert response.status_code == 302
    from modules.exchange.models import TimeTransfer

    transfer = TimeTransfer.objects.get()
    # the proposer cannot confirm
    client_a.post(f"/exchange/time/{transfer.public_id}/confirm/")
    assert Entry.objects.count() == 0
    login(client_a, people["member"], town_a)
    waiting = client_a.get("/exchange/time/").content.decode()
    assert "<strong>0 min</strong>" in waiting  # nothing booked before the confirmation
    assert "helped you for 1 h 30 min." in waiting  # worded by who helped whom
    client_a.post(f"/exchange/time/{transfer.public_id}/confirm/")
    response = client_a.post(f"/exchange/time/{transfer.public_id}/confirm/", follow=True)
    assert "already been confirmed" in response.content.decode()
    assert Entry.objects.count() == 2
    body = client_a.get("/exchange/time/").content.decode()
    assert "<strong>−1 h 30 min</strong>" in body
    assert "helped you for 1 h 30 min." in body  # the history, not raw minutes
    assert "<td>−90</td>" not in body
    login(client_a, people["owner"], town_a)
    owner_page = client_a.get("/exchange/time/").content.decode()
    assert "<strong>1 h 30 min</strong>" in owner_page
    assert "You helped" in owner_page and "for 1 h 30 min." in owner_page


@pytest.mark.parametrize("minutes", ["0", "-15", "50", "abc", ""])
def test_bad_transfer_form_changes_nothing(client_a, town_a, people, minutes):
    thread = ThreadFactory(
        listing=ListingFactory(owner=people["owner"]), interested=people["member"]
    )
    login(client_a, people["owner"], town_a)
    response = client_a.post(
        f"/exchange/messages/{thread.public_id}/transfer/",
        {"direction": "i_helped", "minutes": minutes},
    )
    assert response.status_code == 400
    from modules.exchange.models import TimeTransfer

    assert TimeTransfer.objects.count() == 0


def test_anonymous_is_sent_to_login_for_personal_pages(client_a, people):
    for path in ("/exchange/new/", "/exchange/mine/", "/exchange/messages/", "/exchange/time/"):
        response = client_a.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_personal_pages_render_for_a_resident(client_a, town_a, people):
    ListingFactory(owner=people["owner"])
    login(client_a, people["owner"], town_a)
    for path in ("/exchange/new/", "/exchange/mine/", "/exchange/messages/", "/exchange/time/"):
        assert client_a.get(path).status_code == 200


def test_town_a_listings_are_not_listed_in_town_b(client_b, town_b, people):
    # Every route with town A's ids is walked by tests/harness; this is the list page.
    listing = ListingFactory(owner=people["owner"])
    assert listing.title not in client_b.get("/exchange/").content.decode()


def test_reverse_names_exist():
    assert reverse("exchange:moderation") == "/exchange/moderation/"
    assert reverse("exchange:moderation_settings") == "/exchange/moderation/settings/"

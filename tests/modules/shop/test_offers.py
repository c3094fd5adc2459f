"""Offers: creating from a template as a draft, the preview, publishing, editing; who may do
what; every bad input at once; photos; reports and hiding; isolation between towns."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.shop import services
from modules.shop.models import (
    MAX_DISTRICTS,
    MAX_PRICE_CENTS,
    Category,
    Offer,
    OfferPhoto,
    Provider,
)
from modules.shop.moderation_queue import ShopQueue
from portal.accounts.models import User
from portal.forms_fields import parse_euros
from portal.moderation.models import Report
from tests.factories.exchange import image_bytes
from tests.factories.shop import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Fenster putzen",
    "description": "Innen und außen.",
    "category": "reinigung",
    "price_model": "hourly",
    "price_cents": "39,50",
    "duration_minutes": "120",
    "districts": "Merklingen, Hausen",
    "availability_note": "Mo–Fr",
}


def _fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Fenster putzen",
        "description": "Innen und außen.",
        "category": "reinigung",
        "price_model": "hourly",
        "price_cents": 3950,
        "duration_minutes": 120,
        "districts": ["Merklingen"],
        "availability_note": "",
    }
    fields.update(changes)
    return fields


# --- euros typed by people ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("39", 3900),
        ("39,50", 3950),
        ("39.50", 3950),
        ("39,5", 3950),
        ("1.234,50", 123450),
        ("39,50 €", 3950),
        ("0,01", 1),
        ("-5", -500),
    ],
)
def test_euros_are_parsed_to_integer_cents(typed: str, cents: int) -> None:
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "39,505", "1e3", "39,50,1", "12.34.5", "NaN"])
def test_what_is_no_amount_is_refused(typed: str) -> None:
    assert parse_euros(typed) is None


# --- the service ----------------------------------------------------------------------------


def test_the_owner_creates_a_draft_that_only_the_business_sees(
    client_a, painter: Provider, owner: User, resident: User
) -> None:
    offer = services.create_offer(provider=painter, by=owner, **_fields())
    assert offer.status == Offer.Status.DRAFT
    assert offer.price_cents == 3950
    assert offer.category.slug == "reinigung"
    assert client_a.get(offer.get_absolute_url()).status_code == 404
    client_a.force_login(resident)
    assert client_a.get(offer.get_absolute_url()).status_code == 404
    client_a.force_login(owner)
    page = client_a.get(offer.get_absolute_url()).content.decode()
    assert "data-preview" in page
    assert f"/shop/o/{offer.public_id}/publish/" in page


def test_the_network_manager_creates_offers_for_a_business(painter, moderator) -> None:
    offer = services.create_offer(provider=painter, by=moderator, **_fields())
    services.publish_offer(offer=offer, by=moderator)
    assert Offer.objects.get(pk=offer.pk).is_public


def test_another_provider_and_a_resident_may_not_create_offers(
    painter, other_provider, resident
) -> None:
    for outsider in (other_provider, resident):
        with pytest.raises(PermissionDenied):
            services.create_offer(provider=painter, by=outsider, **_fields())
    assert not Offer.objects.exists()


def test_every_problem_is_reported_at_once(painter, owner) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_offer(
            provider=painter,
            by=owner,
            **_fields(
                title="",
                description="x" * 4001,
                category="gibt-es-nicht",
                price_cents=-100,
                duration_minutes=0,
                districts=[f"Ort {n}" for n in range(MAX_DISTRICTS + 1)],
            ),
        )
    assert set(caught.value.message_dict) == {
        "title",
        "description",
        "category",
        "price_cents",
        "duration_minutes",
        "districts",
    }
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("price_model", "price_cents", "field"),
    [
        ("hourly", 0, "price_cents"),
        ("flat", 0, "price_cents"),
        ("flat", None, "price_cents"),
        ("flat", MAX_PRICE_CENTS + 1, "price_cents"),
        ("quote", 5000, "price_cents"),
        ("free", 5000, "price_model"),
    ],
)
def test_a_price_that_does_not_fit_its_model_is_refused(
    painter, owner, price_model: str, price_cents: int | None, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_offer(
            provider=painter,
            by=owner,
            **_fields(price_model=price_model, price_cents=price_cents),
        )
    assert field in caught.value.message_dict


def test_a_quote_has_no_price_and_an_absurd_duration_is_refused(painter, owner) -> None:
    offer = services.create_offer(
        provider=painter, by=owner, **_fields(price_model="quote", price_cents=None)
    )
    assert offer.price_cents is None
    with pytest.raises(ValidationError) as caught:
        services.update_offer(offer=offer, by=owner, **_fields(duration_minutes=10**7))
    assert "duration_minutes" in caught.value.message_dict


def test_an_inactive_category_is_refused(painter, owner) -> None:
    Category.objects.filter(slug="reinigung").update(is_active=False)
    with pytest.raises(ValidationError) as caught:
        services.create_offer(provider=painter, by=owner, **_fields())
    assert "category" in caught.value.message_dict


def test_control_characters_are_refused(painter, owner) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_offer(provider=painter, by=owner, **_fields(title="Fenster\x00putzen"))
    assert "title" in caught.value.message_dict


def test_markup_is_stored_as_text_and_inert_on_the_page(client_a, painter, owner) -> None:
    offer = services.create_offer(
        provider=painter,
        by=owner,
        **_fields(title="<script>alert(1)</script>", description="<b>fett</b>"),
    )
    services.publish_offer(offer=offer, by=owner)
    page = client_a.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>fett</b>" not in page


def test_publish_twice_and_withdraw_a_draft_are_refused(painter, owner) -> None:
    offer = services.create_offer(provider=painter, by=owner, **_fields())
    with pytest.raises(ValidationError):
        services.withdraw_offer(offer=offer, by=owner)
    services.publish_offer(offer=offer, by=owner)
    with pytest.raises(ValidationError):
        services.publish_offer(offer=offer, by=owner)
    services.withdraw_offer(offer=offer, by=owner)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN


# --- the pages ------------------------------------------------------------------------------


def test_the_create_page_offers_templates_of_the_trade_first(client_a, painter, owner) -> None:
    client_a.force_login(owner)
    page = client_a.get(f"/shop/p/{painter.slug}/offers/new/").content.decode()
    assert 'href="?template=blank"' in page
    # A craftsman's templates come before the window cleaner's.
    assert page.index("wand-streichen") < page.index("fenster-putzen")


def test_a_template_prefills_the_form(client_a, painter, owner) -> None:
    client_a.force_login(owner)
    page = client_a.get(f"/shop/p/{painter.slug}/offers/new/?template=fenster-putzen")
    html = page.content.decode()
    assert 'value="Fenster putzen"' in html
    assert 'value="35,00"' in html
    assert "incl. VAT" in html


def test_a_posted_form_becomes_a_draft_and_its_preview_publishes_it(
    client_a, painter, owner
) -> None:
    client_a.force_login(owner)
    response = client_a.post(f"/shop/p/{painter.slug}/offers/new/?template=blank", FORM)
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()
    assert offer.status == Offer.Status.DRAFT
    assert offer.price_cents == 3950
    assert offer.districts == ["Merklingen", "Hausen"]
    client_a.post(f"/shop/o/{offer.public_id}/publish/")
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PUBLISHED
    client_a.logout()
    assert client_a.get(offer.get_absolute_url()).status_code == 200


def test_a_bad_form_shows_every_error_and_saves_nothing(client_a, painter, owner) -> None:
    client_a.force_login(owner)
    response = client_a.post(
        f"/shop/p/{painter.slug}/offers/new/?template=blank",
        {**FORM, "price_model": "quote", "price_cents": "12", "title": " "},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "price_cents" in errors
    assert "title" in errors
    assert not Offer.objects.exists()


def test_a_price_that_is_no_amount_is_refused_by_the_form(client_a, painter, owner) -> None:
    client_a.force_login(owner)
    response = client_a.post(
        f"/shop/p/{painter.slug}/offers/new/?template=blank", {**FORM, "price_cents": "12 Euro 50"}
    )
    assert response.status_code == 400
    assert "price_cents" in response.context["form"].errors


def test_the_owner_edits_an_offer_and_another_provider_may_not(
    client_a, painter, owner, other_provider
) -> None:
    offer = OfferFactory(provider=painter)
    client_a.force_login(other_provider)
    assert client_a.get(f"/shop/o/{offer.public_id}/edit/").status_code == 403
    assert client_a.post(f"/shop/o/{offer.public_id}/withdraw/").status_code == 403
    client_a.force_login(owner)
    edit = client_a.get(f"/shop/o/{offer.public_id}/edit/").content.decode()
    assert 'value="39,00"' in edit
    response = client_a.post(f"/shop/o/{offer.public_id}/edit/", {**FORM, "price_cents": "42"})
    assert response.status_code == 302
    assert Offer.objects.get(pk=offer.pk).price_cents == 4200


def test_the_provider_page_lists_public_offers_and_the_owner_sees_drafts(
    client_a, painter, owner, resident
) -> None:
    OfferFactory(provider=painter, title="Öffentliches Angebot")
    OfferFactory(provider=painter, title="Entwurf Angebot", status=Offer.Status.DRAFT)
    client_a.force_login(resident)
    page = client_a.get(f"/shop/p/{painter.slug}/").content.decode()
    assert "Öffentliches Angebot" in page
    assert "Entwurf Angebot" not in page
    client_a.force_login(owner)
    page = client_a.get(f"/shop/p/{painter.slug}/").content.decode()
    assert "Entwurf Angebot" in page
    assert f"/shop/p/{painter.slug}/offers/new/" in page


# --- photos ---------------------------------------------------------------------------------


def _upload(name: str = "foto.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or image_bytes(), content_type="image/jpeg")


def test_photos_are_private_until_the_offer_is_public(client_a, painter, owner) -> None:
    offer = OfferFactory(provider=painter, status=Offer.Status.DRAFT)
    client_a.force_login(owner)
    response = client_a.post(
        f"/shop/o/{offer.public_id}/photos/", {"image": _upload(), "alt_text": "Ein Fenster"}
    )
    assert response.status_code == 302
    photo = OfferPhoto.objects.get()
    assert photo.alt_text == "Ein Fenster"
    assert str(photo.image.name).startswith("private/")
    assert client_a.get(f"/shop/offer-photos/{photo.public_id}/").status_code == 200
    client_a.logout()
    assert client_a.get(f"/shop/offer-photos/{photo.public_id}/").status_code == 404
    services.publish_offer(offer=offer, by=owner)
    response = client_a.get(f"/shop/offer-photos/{photo.public_id}/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


def test_a_fake_photo_and_a_sixth_photo_are_refused(painter, owner) -> None:
    offer = OfferFactory(provider=painter)
    with pytest.raises(ValidationError) as caught:
        services.add_offer_photo(offer=offer, by=owner, upload=_upload(data=b"<svg></svg>"))
    assert "image" in caught.value.message_dict
    for _n in range(services.MAX_PHOTOS):
        services.add_offer_photo(offer=offer, by=owner, upload=_upload())
    with pytest.raises(ValidationError) as caught:
        services.add_offer_photo(offer=offer, by=owner, upload=_upload())
    assert "image" in caught.value.message_dict
    assert offer.photos.count() == services.MAX_PHOTOS


def test_deleting_a_photo_asks_first(client_a, painter, owner, other_provider) -> None:
    offer = OfferFactory(provider=painter)
    photo = services.add_offer_photo(offer=offer, by=owner, upload=_upload())
    client_a.force_login(other_provider)
    assert client_a.post(f"/shop/offer-photos/{photo.public_id}/delete/").status_code == 403
    client_a.force_login(owner)
    confirm = client_a.get(f"/shop/offer-photos/{photo.public_id}/delete/")
    assert confirm.status_code == 200
    assert OfferPhoto.objects.filter(pk=photo.pk).exists()
    assert client_a.post(f"/shop/offer-photos/{photo.public_id}/delete/").status_code == 302
    assert not OfferPhoto.objects.filter(pk=photo.pk).exists()


# --- moderation -----------------------------------------------------------------------------


def test_a_reported_offer_is_hidden_everywhere_and_its_owner_sees_why(
    client_a, painter, owner, resident, moderator
) -> None:
    offer = OfferFactory(provider=painter, title="Fragwürdiges Angebot")
    client_a.force_login(resident)
    response = client_a.post(f"/shop/o/{offer.public_id}/report/", {"reason": "Unseriös"})
    assert response.status_code == 302
    assert Report.objects.filter(object_id=offer.pk, reason="Unseriös").exists()
    items = [i for i in ShopQueue().queue_items() if i.kind == "offer"]
    assert [(i.public_id, i.state, i.reasons) for i in items] == [
        (offer.public_id, "reported", ("Unseriös",))
    ]
    ShopQueue().act(
        kind="offer", public_id=offer.public_id, action="hide", moderator=moderator, reason="Spam"
    )
    assert client_a.get(offer.get_absolute_url()).status_code == 404
    assert "Fragwürdiges" not in client_a.get("/shop/offers/").content.decode()
    assert "Fragwürdiges" not in client_a.get("/shop/offers/?q=Fragwurdig").content.decode()
    client_a.force_login(owner)
    page = client_a.get(offer.get_absolute_url()).content.decode()
    assert "Spam" in page
    ShopQueue().act(
        kind="offer", public_id=offer.public_id, action="restore", moderator=moderator, reason=""
    )
    client_a.logout()
    assert client_a.get(offer.get_absolute_url()).status_code == 200


def test_an_empty_report_is_refused_and_a_resident_may_not_hide(
    client_a, painter, resident
) -> None:
    offer = OfferFactory(provider=painter)
    client_a.force_login(resident)
    response = client_a.post(f"/shop/o/{offer.public_id}/report/", {"reason": "  "})
    assert response.status_code == 400
    assert not Report.objects.exists()
    with pytest.raises(PermissionDenied):
        services.hide_offer(offer=offer, moderator=resident, reason="weg")
    assert not Offer.objects.get(pk=offer.pk).is_hidden


# --- isolation ------------------------------------------------------------------------------


def test_an_offer_of_town_a_is_404_in_town_b(painter, owner, outsider_client) -> None:
    offer = OfferFactory(provider=painter)
    draft = OfferFactory(provider=painter, status=Offer.Status.DRAFT)
    photo = services.add_offer_photo(offer=offer, by=owner, upload=_upload())
    for url in (
        f"/shop/o/{offer.public_id}/",
        f"/shop/o/{draft.public_id}/",
        f"/shop/o/{offer.public_id}/edit/",
        f"/shop/o/{offer.public_id}/photos/",
        f"/shop/o/{offer.public_id}/report/",
        f"/shop/offer-photos/{photo.public_id}/",
        f"/shop/p/{painter.slug}/offers/new/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post(f"/shop/o/{draft.public_id}/publish/").status_code == 404
    assert Offer.objects.get(pk=draft.pk).status == Offer.Status.DRAFT


def test_an_offer_of_a_waiting_business_is_not_public(client_a, owner) -> None:
    waiting = ProviderFactory(status=Provider.Status.PENDING, owner=owner)
    offer = OfferFactory(provider=waiting)
    assert client_a.get(offer.get_absolute_url()).status_code == 404

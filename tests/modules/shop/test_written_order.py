"""The written order (Auftragsbestätigung) as a page and a PDF: its content, who may see it,
when it exists, markup kept inert, the town's branding, and the link on the order page."""

from __future__ import annotations

import io
import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from pypdf import PdfReader

from modules.shop.models import Offer, Order, PriceModel, Provider
from modules.shop.services.orders import ByLink, accept_order, cancel_order
from modules.shop.written_order import written_order_html_for_print
from portal.accounts.models import User
from portal.branding.selectors import current_branding
from portal.formatting import euros
from tests.factories import UserFactory
from tests.factories.branding import png_bytes
from tests.factories.shop import OfferFactory, make_confirmed_order, make_order

pytestmark = pytest.mark.django_db

EVIL = '<script>alert("x")</script><img src="http://evil.example/x.png">'


@pytest.fixture
def painter_details(painter: Provider) -> Provider:
    Provider.objects.filter(pk=painter.pk).update(
        address="Hauptstraße 5, 71263 Weil der Stadt", phone="07033 55 66"
    )
    painter.refresh_from_db()
    return painter


@pytest.fixture
def offer(painter_details: Provider) -> Offer:
    return OfferFactory(provider=painter_details, title="Wände streichen", price_cents=3900)


@pytest.fixture
def order(offer: Offer, resident: User) -> Order:
    return make_confirmed_order(offer=offer, resident=resident)


def _url(order: Order, pdf: bool = False) -> str:
    return f"/shop/orders/{order.public_id}/written{'.pdf' if pdf else '/'}"


def _pdf_text(content: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_resident_sees_the_written_order_with_everything_agreed(
    client_a, order: Order, resident: User, painter_details: Provider
) -> None:
    client_a.force_login(resident)
    response = client_a.get(_url(order))
    assert response.status_code == 200
    html = response.text
    assert "<h1>Order confirmation</h1>" in html
    assert order.number in html
    # the business
    for detail in (
        painter_details.name,
        "Hauptstraße 5, 71263 Weil der Stadt",
        "07033 55 66",
        painter_details.request_email,
    ):
        assert detail in html, detail
    # the resident, the place of the job and how they are reached
    assert resident.full_name in html
    assert order.place in html
    assert f"By e-mail: {resident.email}" in html
    # the service, its price and the appointment
    assert "Wände streichen" in html
    assert f"{euros(3900)} per hour incl. VAT" in html
    assert order.appointment_start is not None
    local = order.appointment_start.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert local.strftime("%H:%M") in html and str(local.year) in html
    assert "Drei Fenster im Erdgeschoss." in html
    assert "If the appointment cannot be kept" in html
    assert f"/shop/orders/{order.public_id}/written.pdf" in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_business_and_the_network_manager_see_it_too(
    client_a, order: Order, owner: User, moderator: User
) -> None:
    for person in (owner, moderator):
        client_a.force_login(person)
        assert client_a.get(_url(order)).status_code == 200
        assert client_a.get(_url(order, pdf=True)).status_code == 200


def test_nobody_else_sees_it(client_a, order: Order, other_provider: User, outsider_client) -> None:
    stranger = UserFactory(email="fremd@example.org")
    for person in (other_provider, stranger):
        client_a.force_login(person)
        for pdf in (False, True):
            response = client_a.get(_url(order, pdf))
            assert response.status_code == 404
            assert order.number not in response.text
    client_a.logout()
    response = client_a.get(_url(order))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # in town B, the strongest outsider meets the 404 of an order that does not exist
    for pdf in (False, True):
        assert outsider_client.get(_url(order, pdf)).status_code == 404


def test_before_confirmation_there_is_no_written_order_and_a_page_says_so(
    client_a, offer: Offer, resident: User
) -> None:
    # given a request the business accepted, not yet confirmed by the resident
    order = make_order(offer=offer, resident=resident)
    window = order.windows[0]
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    client_a.force_login(resident)
    for pdf in (False, True):
        response = client_a.get(_url(order, pdf))
        assert response.status_code == 404
        assert "No order confirmation yet" in response.text
        assert "exists once the customer has confirmed" in response.text
        assert response["Content-Type"].startswith("text/html")
    # and the order page offers no link to it yet
    assert "/written/" not in client_a.get(f"/shop/orders/{order.public_id}/").text


def test_the_order_page_links_to_the_written_order_once_confirmed(
    client_a, order: Order, moderator: User
) -> None:
    client_a.force_login(moderator)
    html = client_a.get(f"/shop/orders/{order.public_id}/").text
    assert f'href="/shop/orders/{order.public_id}/written/"' in html
    assert "print / PDF" in html


def test_the_pdf_holds_the_number_both_parties_and_the_price(
    client_a, order: Order, resident: User, painter_details: Provider
) -> None:
    client_a.force_login(resident)
    response = client_a.get(_url(order, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{order.number}.pdf"'
    content = response.content
    text = _pdf_text(content)
    assert "Order confirmation" in text
    assert order.number in text
    assert painter_details.name in text
    assert painter_details.request_email in text
    assert resident.full_name in text
    assert order.place in text
    with translation.override("en"):
        assert f"{euros(3900)} per hour incl. VAT".replace("\u00a0", " ") in text.replace(
            "\u00a0", " "
        )
    for active in (b"/JavaScript", b"/JS", b"/OpenAction", b"/Launch", b"javascript:"):
        assert active not in content, active


def test_a_quote_is_stated_as_agreed_and_a_declared_value_is_shown(
    client_a, painter_details: Provider, resident: User
) -> None:
    quote = OfferFactory(provider=painter_details, price_model=PriceModel.QUOTE, price_cents=None)
    order = make_confirmed_order(offer=quote, resident=resident)
    Order.objects.filter(pk=order.pk).update(declared_value_cents=125000)
    client_a.force_login(resident)
    html = client_a.get(_url(order)).text
    assert "Price on request: as agreed" in html
    assert f"{euros(125000)} incl. VAT" in html
    text = _pdf_text(client_a.get(_url(order, pdf=True)).content)
    assert "Price on request: as agreed" in text


def test_markup_in_any_text_is_inert_in_the_page_and_the_pdf(
    client_a, offer: Offer, resident: User
) -> None:
    order = make_confirmed_order(offer=offer, resident=resident, need=EVIL, note=EVIL)
    client_a.force_login(resident)
    html = client_a.get(_url(order)).text
    assert EVIL not in html
    assert "&lt;script&gt;" in html
    # WeasyPrint would refuse to fetch the picture if the markup were live: it renders, and
    # the markup is there as text
    response = client_a.get(_url(order, pdf=True))
    assert response.status_code == 200
    assert '<script>alert("x")</script>' in _pdf_text(response.content).replace(" ", "")


def test_the_pdf_carries_the_towns_name_and_logo(client_a, order: Order, resident: User) -> None:
    branding = current_branding()
    branding.display_name = "Stadt Harnessingen"
    branding.save()
    branding.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    client_a.force_login(resident)
    content = client_a.get(_url(order, pdf=True)).content
    reader = PdfReader(io.BytesIO(content))
    assert "Stadt Harnessingen" in _pdf_text(content)
    assert len(reader.pages[0].images) == 1


def test_a_cancelled_order_says_so_on_its_written_order(
    client_a, order: Order, resident: User
) -> None:
    cancel_order(order=order, by=resident, reason="Wir sind umgezogen.")
    client_a.force_login(resident)
    html = client_a.get(_url(order)).text
    assert "This order was cancelled on" in html
    assert "Wir sind umgezogen." in html


def test_the_written_order_is_in_german_for_a_german_town(order: Order) -> None:
    html = written_order_html_for_print(order, branding=current_branding(), language="de")
    assert "Auftragsbestätigung" in html
    assert "inkl. MwSt." in html
    assert 'lang="de"' in html


def test_the_written_order_is_404_when_the_shop_is_off(
    client_a, order: Order, resident: User, shop_off
) -> None:
    client_a.force_login(resident)
    assert client_a.get(_url(order)).status_code == 404
    assert client_a.get(_url(order, pdf=True)).status_code == 404


def test_the_pdf_renderer_takes_data_pictures_and_loads_nothing_else() -> None:
    import base64

    from portal.pdf import render_pdf

    picture = "data:image/png;base64," + base64.b64encode(png_bytes(40, 20)).decode()
    content = render_pdf(
        f'<p>Bild</p><img src="{picture}">'
        '<img src="http://127.0.0.1:9/remote.png"><img src="file:///etc/hostname">'
    )
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1


def test_the_written_order_says_how_to_cancel_it(client_a, order: Order, resident: User) -> None:
    # given the resident's written order; when they read it
    client_a.force_login(resident)
    html = client_a.get(_url(order)).content.decode()
    # then it names the ways that exist (no cancel link is in any e-mail)
    assert "in the portal after logging in" in html and "by phoning" in html
    assert "from the e-mail about" not in html

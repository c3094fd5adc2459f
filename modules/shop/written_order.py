"""The written order ("schriftliche Beauftragung"): the confirmation of a confirmed order,
with its number, both parties, the offer, the agreed price and the appointment, as a page
and as a PDF the network manager can print for a resident without e-mail.

The page and the PDF render the same body (`shop/_written_order_body.html`), autoescaped like
every page, so markup in any text is shown as text; the PDF goes through `portal.pdf`, which
runs no script and fetches nothing. The town's logo goes in as a data: URL.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal.branding.models import Branding, TownPages
from portal.formatting import euros
from portal.pdf import render_pdf

from .models import ContactBy, Order, PriceModel

STYLESHEET = Path(__file__).resolve().parent / "static" / "shop" / "written-order.css"
# A town logo is a cleaned PNG of at most 600 px (portal.branding.logos); anything far
# larger is not put into a document.
MAX_LOGO_BYTES = 2 * 1024 * 1024


def is_written(order: Order) -> bool:
    """The written order exists from the resident's confirmation on."""
    return order.confirmed_at is not None


@dataclass(frozen=True)
class Price:
    """The agreed price as the written order states it (gross, incl. VAT)."""

    model: str
    amount: str  # "39,00 €" or "" for a price on request
    line: str  # the whole statement, e.g. "39,00 € per hour incl. VAT"
    declared_value: str  # the order's value as the business declared it, if any


def agreed_price(order: Order) -> Price:
    """What the order says about money, in the active language."""
    amount = euros(order.price_cents)
    if order.price_model == PriceModel.QUOTE or order.price_cents is None:
        line = _("Price on request: as agreed between the business and the customer")
    elif order.price_model == PriceModel.HOURLY:
        line = _("%(amount)s per hour incl. VAT") % {"amount": amount}
    else:
        line = _("%(amount)s flat price incl. VAT") % {"amount": amount}
    declared = ""
    value = order.declared_value_cents
    if value is not None and not (
        order.price_model == PriceModel.FLAT and value == order.price_cents
    ):
        declared = _("%(amount)s incl. VAT") % {"amount": euros(value)}
    return Price(
        model=order.get_price_model_display(),
        amount=amount,
        line=line,
        declared_value=declared,
    )


def how_to_reach(order: Order, pages: TownPages) -> str:
    """How the business reaches the resident, as they chose when requesting."""
    if order.contact_by == ContactBy.PHONE and order.contact_phone:
        return _("By phone: %(phone)s") % {"phone": order.contact_phone}
    if order.contact_by == ContactBy.EMAIL and order.resident.email:
        return _("By e-mail: %(email)s") % {"email": order.resident.email}
    manager = " ".join(
        part for part in (pages.network_manager_name, pages.network_manager_phone) if part
    )
    if manager:
        return _("Through the town's network manager: %(manager)s") % {"manager": manager}
    return _("Through the town's network manager")


def written_order_context(order: Order, *, branding: Branding) -> dict[str, Any]:
    """Everything the page and the PDF show (the order comes with provider, resident, offer)."""
    pages = TownPages.current()
    return {
        "order": order,
        "provider": order.provider,
        "branding": branding,
        "price": agreed_price(order),
        "reach": how_to_reach(order, pages),
        "entered_for_resident": order.entered_by_id is not None,
        "cancelled": order.cancelled_at is not None,
    }


def logo_data_url(branding: Branding) -> str:
    """The town's logo as a data: URL for the PDF ('' without a logo or if it is unreadable)."""
    if not branding.logo:
        return ""
    try:
        with branding.logo.open("rb") as handle:
            content = handle.read(MAX_LOGO_BYTES + 1)
    except OSError:
        return ""
    if len(content) > MAX_LOGO_BYTES:
        return ""
    kind = mimetypes.guess_type(branding.logo.name or "")[0] or "image/png"
    if not kind.startswith("image/"):
        return ""
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def written_order_html_for_print(order: Order, *, branding: Branding, language: str) -> str:
    """The standalone HTML the PDF is made from."""
    with translation.override(language):
        return render_to_string(
            "shop/written_order_pdf.html",
            {
                **written_order_context(order, branding=branding),
                "logo_data_url": logo_data_url(branding),
                "language": language,
            },
        )


def render_written_order_pdf(order: Order, *, branding: Branding, language: str) -> bytes:
    """The written order as PDF bytes. Not cached, unlike the public e-letter: it holds a
    resident's name, address and phone, which should not outlive the order in a cache."""
    html = written_order_html_for_print(order, branding=branding, language=language)
    return render_pdf(html, stylesheets=(STYLESHEET,))

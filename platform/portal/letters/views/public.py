"""The public page of a sent letter and its PDF: for everyone, once sending has started.

A draft (or a slug of another town) is a 404, the same as an address that never existed.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from portal.branding.selectors import current_branding
from portal.letters.mailing import letter_context
from portal.letters.pdf import render_letter_pdf
from portal.letters.selectors import public_letters
from portal.requests import TownRequest


@require_GET
def page(request: TownRequest, slug: str) -> HttpResponse:
    letter = get_object_or_404(public_letters(), slug=slug)
    return render(request, "letters/page.html", {**letter_context(letter), "letter": letter})


@require_GET
def pdf(request: TownRequest, slug: str) -> HttpResponse:
    letter = get_object_or_404(public_letters(), slug=slug)
    branding = current_branding()
    content = render_letter_pdf(
        letter, town_name=branding.display_name, language=branding.town_language
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.slug}.pdf"'
    return response

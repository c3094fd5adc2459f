"""The printable letter as a PDF (WeasyPrint), for the notice board and people without e-mail.

Rendered by the one PDF renderer, `portal.pdf` (no script, nothing fetched). A rendered PDF
is kept in the cache (its key has the town's schema and the letter's last change) so that a
busy notice board costs one rendering.
"""

from __future__ import annotations

from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from portal.letters.mailing import letter_context
from portal.letters.models import Letter
from portal.pdf import render_pdf

STYLESHEET = Path(__file__).resolve().parent / "static" / "letters" / "letter.css"
CACHE_SECONDS = 24 * 3600


def letter_html_for_print(letter: Letter, *, town_name: str, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "letters/pdf.html",
            {**letter_context(letter), "town_name": town_name, "letter": letter},
        )


def render_letter_pdf(letter: Letter, *, town_name: str, language: str) -> bytes:
    """The letter as PDF bytes (from the cache when it has not changed since)."""
    key = f"letters:pdf:{letter.public_id}:{letter.updated_at.timestamp()}:{language}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    html = letter_html_for_print(letter, town_name=town_name, language=language)
    pdf = render_pdf(html, stylesheets=(STYLESHEET,))
    cache.set(key, pdf, CACHE_SECONDS)
    return pdf

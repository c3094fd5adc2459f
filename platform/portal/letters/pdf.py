"""The printable letter as a PDF (WeasyPrint), for the notice board and people without e-mail.

The HTML is the page's own letter, escaped like everywhere; WeasyPrint runs no script, and
it fetches nothing: every URL the document names is refused, the stylesheet is read from
the app's static folder. A rendered PDF is kept in the cache (its key has the town's schema
and the letter's last change) so that a busy notice board costs one rendering.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from portal.letters.mailing import letter_context
from portal.letters.models import Letter

STYLESHEET = Path(__file__).resolve().parent / "static" / "letters" / "letter.css"
CACHE_SECONDS = 24 * 3600


class FetchRefused(ValueError):
    pass


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise FetchRefused(f"The letter's PDF loads nothing ({url[:80]!r}).")


@functools.cache
def _stylesheet() -> Any:
    from weasyprint import CSS

    return CSS(string=STYLESHEET.read_text(), url_fetcher=_refuse_fetch)


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
    from weasyprint import HTML

    html = letter_html_for_print(letter, town_name=town_name, language=language)
    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[_stylesheet()])
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint returned no PDF")
    cache.set(key, pdf, CACHE_SECONDS)
    return pdf

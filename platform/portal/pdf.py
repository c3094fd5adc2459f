"""Printable documents as PDF (WeasyPrint): the e-letter, the shop's written order and its
monthly fee statement — one renderer for all.

The HTML is the page's own, escaped like everywhere; WeasyPrint runs no script, and it
fetches nothing: every URL the document names is refused, stylesheets are read from the
app's static folders. Pictures (a town's logo) are passed in as data: URLs by the caller.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


class FetchRefused(ValueError):
    pass


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        fetched: dict[str, Any] = default_url_fetcher(url)
        return fetched
    raise FetchRefused(f"A PDF loads nothing ({url[:80]!r}).")


@functools.cache
def _stylesheet(path: Path) -> Any:
    from weasyprint import CSS

    return CSS(string=path.read_text(), url_fetcher=_refuse_fetch)


def render_pdf(html: str, *, stylesheets: tuple[Path, ...] = ()) -> bytes:
    """`html` (a rendered template) as PDF bytes, styled by the CSS files `stylesheets`."""
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(
        stylesheets=[_stylesheet(path) for path in stylesheets]
    )
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint returned no PDF")
    return pdf

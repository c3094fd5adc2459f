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
    """WeasyPrint before 68: a fetcher is a function returning a dict."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        fetched: dict[str, Any] = default_url_fetcher(url)
        return fetched
    raise FetchRefused(f"A PDF loads nothing ({url[:80]!r}).")


@functools.cache
def _fetcher_class() -> Any:
    """The class of a fetcher that reads data: URLs only. WeasyPrint 68 and later want an
    instance of its `URLFetcher` (it reads the fetcher's `_fail_on_errors`; a plain function
    crashes the rendering at the first URL); earlier versions take the function above."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint < 68
        return None

    class DataURLsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise FetchRefused(f"A PDF loads nothing ({url[:80]!r}).")
            return super().fetch(url, headers)

    return DataURLsOnly


def _fetcher() -> Any:
    """A new fetcher per document (an instance keeps the request it is working on). A refused
    URL is left out (WeasyPrint logs it) instead of failing the whole document."""
    fetcher_class = _fetcher_class()
    if fetcher_class is None:  # pragma: no cover - WeasyPrint < 68
        return _refuse_fetch
    return fetcher_class(allowed_protocols=("data",), fail_on_errors=False)


@functools.cache
def _stylesheet(path: Path) -> Any:
    from weasyprint import CSS

    return CSS(string=path.read_text(), url_fetcher=_fetcher())


def render_pdf(html: str, *, stylesheets: tuple[Path, ...] = ()) -> bytes:
    """`html` (a rendered template) as PDF bytes, styled by the CSS files `stylesheets`."""
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=_fetcher()).write_pdf(
        stylesheets=[_stylesheet(path) for path in stylesheets]
    )
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint returned no PDF")
    return pdf

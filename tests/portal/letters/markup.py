"""What a browser or mail program would run or load in a piece of HTML."""

from __future__ import annotations

from html.parser import HTMLParser


class _Active(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "img", "iframe", "object", "embed"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[href=javascript]")


def active_markup(html: str) -> list[str]:
    """Script tags, images and frames, event handlers and javascript: links in `html`."""
    parser = _Active()
    parser.feed(html)
    return parser.found

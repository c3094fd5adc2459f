"""The portal's own small icon set: inline SVG drawn with simple strokes in `currentColor`.

Emoji need an emoji font, which many tablets lack (they showed empty boxes); these are plain
SVG in the page, so they always show, take the text colour (and black in print), and load
nothing from anywhere. An icon is decoration: the text label next to it is written by the
template, so every icon is `aria-hidden` and not focusable.

Templates use `{% load icons %}{% icon "name" %}`; a module's `TownModule.pictogram` is one of
these names (checked when the module is declared). An unknown name raises, so a typo fails
every test that renders the page instead of showing nothing.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# 24 × 24 grid, 2 px strokes; each value is the SVG's inner markup (paths and circles only).
ICONS: dict[str, str] = {
    "home": '<path d="M3 11l9-8 9 8"/><path d="M5 10v10h5v-6h4v6h5V10"/>',
    "exchange": '<path d="M4 8h14l-4-4"/><path d="M20 16H6l4 4"/>',
    "directory": '<path d="M3 21h18M4 10h16M12 3l8 5H4z"/><path d="M6 10v8M10 10v8M14 10v8M18 10v8"/>',
    "info": '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
    "shop": '<path d="M5 8h14l-1 12H6z"/><path d="M9 8V6a3 3 0 0 1 6 0v2"/>',
    "fund": '<path d="M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z"/>',
    "volunteer": '<path d="M12 20s-6-3.6-6-8a3.3 3.3 0 0 1 6-1.9A3.3 3.3 0 0 1 18 12c0 4.4-6 8-6 8z"/><path d="M3 14l3 3M21 14l-3 3"/>',
    "car": '<path d="M4 16V11l2-5h12l2 5v5z"/><path d="M4 11h16"/><circle cx="7.5" cy="16.5" r="1.5"/><circle cx="16.5" cy="16.5" r="1.5"/>',
    "module": '<rect x="4" y="4" width="16" height="16" rx="3"/><path d="M8 12h8"/>',
    "shield": '<path d="M12 3l8 3v6c0 4.5-3.5 8-8 9-4.5-1-8-4.5-8-9V6z"/>',
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
    "plus": '<path d="M12 5v14M5 12h14"/>',
    "list": '<path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01"/>',
    "mail": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>',
    "flag": '<path d="M5 21V4M5 4h12l-2 4 2 4H5"/>',
    "search": '<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>',
    "hourglass": '<path d="M7 3h10M7 21h10M8 3v3l4 6-4 6v3M16 3v3l-4 6 4 6v3"/>',
    "calendar": '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>',
    "check": '<path d="M5 12l5 5 9-10"/>',
    "warning": '<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.01"/>',
    "news": '<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M7 8h10M7 12h10M7 16h6"/>',
    "meal": '<path d="M7 3v18M4 3v5a3 3 0 0 0 6 0V3"/><path d="M17 21V3c-2 1-3 4-3 8h3"/>',
    "link": (
        '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/>'
        '<path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>'
    ),
    "phone": (
        '<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6'
        'a2 2 0 0 1 2-2z"/>'
    ),
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>',
    "register": '<circle cx="10" cy="8" r="4"/><path d="M3 21a7 7 0 0 1 14 0M19 8v6M16 11h6"/>',
    "people": (
        '<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/>'
        '<path d="M3 20a6 6 0 0 1 12 0M15 20a4 4 0 0 1 6-3.5"/>'
    ),
    "menu": '<path d="M4 6h16M4 12h16M4 18h16"/>',
    "login": '<path d="M15 4h4v16h-4M10 8l4 4-4 4M14 12H4"/>',
    "logout": '<path d="M9 4H5v16h4M14 8l4 4-4 4M18 12H9"/>',
    "console": (
        '<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12"/>'
        '<circle cx="16" cy="6" r="2"/><circle cx="10" cy="12" r="2"/><circle cx="18" cy="18" r="2"/>'
    ),
    "bell": '<path d="M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z"/><path d="M10 20a2 2 0 0 0 4 0"/>',
    "arrow-left": '<path d="M19 12H5M11 6l-6 6 6 6"/>',
    "arrow-right": '<path d="M5 12h14M13 6l6 6-6 6"/>',
}


class UnknownIcon(ValueError):
    pass


def check_icon_name(name: str) -> str:
    """`name` if it is one of the icons, else UnknownIcon naming the ones there are."""
    if name not in ICONS:
        raise UnknownIcon(f"No icon named {name!r}; there are: {', '.join(sorted(ICONS))}.")
    return name


def render_icon(name: str) -> SafeString:
    """The inline SVG of icon `name`: decoration only, the label is the template's text."""
    shapes = mark_safe(ICONS[check_icon_name(name)])  # our own constant markup
    return format_html(
        '<svg class="icon icon-{}" viewBox="0 0 24 24" width="24" height="24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        name,
        shapes,
    )

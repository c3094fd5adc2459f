"""The pages every town publishes: imprint, privacy, accessibility, help, easy language.

Their text is plain text written by the town's administrators in the console; the templates
escape it and turn blank lines into paragraphs.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.branding.legal import default_easy_language_text, default_enforcement_text
from portal.branding.models import TownPages
from portal.branding.selectors import current_branding
from portal.requests import TownRequest


@require_GET
def imprint(request: TownRequest) -> HttpResponse:
    return render(request, "portal/legal/imprint.html")


@require_GET
def privacy(request: TownRequest) -> HttpResponse:
    return render(request, "portal/legal/privacy.html")


@require_GET
def accessibility(request: TownRequest) -> HttpResponse:
    pages = TownPages.current()
    enforcement = pages.accessibility_enforcement or default_enforcement_text()
    return render(
        request,
        "portal/legal/accessibility.html",
        {"pages": pages, "enforcement": enforcement},
    )


@require_GET
def help_page(request: TownRequest) -> HttpResponse:
    return render(request, "portal/legal/help.html", {"pages": TownPages.current()})


@require_GET
def easy_language(request: TownRequest) -> HttpResponse:
    pages = TownPages.current()
    text = pages.easy_language or default_easy_language_text(
        town_name=current_branding().display_name
    )
    return render(request, "portal/legal/easy_language.html", {"text": text})

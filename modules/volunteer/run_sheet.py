"""A driver's run sheet for one day: the page and a printable PDF with the same body
(`volunteer/_run_sheet_body.html`), autoescaped like every page, rendered by `portal.pdf`
(no script, nothing fetched). Not cached: it holds residents' addresses and phones."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from portal.accounts.models import User
from portal.pdf import render_pdf

from .models import Service
from .models_rides import Ride

STYLESHEET = Path(__file__).resolve().parent / "static" / "volunteer" / "run-sheet.css"


def run_sheet_context(
    *, service: Service, driver: User, day: date, rides: list[Ride]
) -> dict[str, Any]:
    return {"service": service, "driver": driver, "day": day, "rides": rides}


def render_run_sheet_pdf(
    *, service: Service, driver: User, day: date, rides: list[Ride], language: str
) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "volunteer/run_sheet_pdf.html",
            {
                **run_sheet_context(service=service, driver=driver, day=day, rides=rides),
                "language": language,
            },
        )
    return render_pdf(html, stylesheets=(STYLESHEET,))

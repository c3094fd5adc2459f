"""The console page where a town administrator writes the pages the town must publish."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.branding.legal import default_easy_language_text, missing_pages, published_pages
from portal.branding.legal_services import LONG_TEXT_MAX, update_published_pages
from portal.branding.models import Conformity, TownPages
from portal.branding.selectors import current_branding
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import selectors
from .permissions import town_admin_required


def _text(label: Any, help_text: Any = "", rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=LONG_TEXT_MAX,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


PARAGRAPHS = gettext_lazy("Plain text; leave a blank line between paragraphs.")


class PublishedPagesForm(forms.Form):
    imprint = _text(gettext_lazy("Imprint"), PARAGRAPHS)
    privacy = _text(
        gettext_lazy("Privacy statement"),
        gettext_lazy("Registration stays closed until this is written."),
        rows=10,
    )
    accessibility_conformity = forms.ChoiceField(
        label=gettext_lazy("State of conformity with BITV 2.0"),
        choices=Conformity.choices,
        widget=forms.RadioSelect,
    )
    accessibility_limitations = _text(
        gettext_lazy("Known limitations"),
        gettext_lazy("What is not yet accessible, and the alternative you offer."),
    )
    accessibility_feedback_contact = _text(
        gettext_lazy("Feedback contact"),
        gettext_lazy("Who people write to or call about barriers (e-mail, phone, address)."),
        rows=3,
    )
    accessibility_enforcement = _text(
        gettext_lazy("Enforcement body (Schlichtungsstelle)"),
        gettext_lazy("Leave empty for the standard text."),
        rows=4,
    )
    accessibility_prepared_on = forms.DateField(
        label=gettext_lazy("Statement prepared on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    help_intro = _text(gettext_lazy("Help text"), PARAGRAPHS, rows=4)
    town_hall_phone = forms.CharField(
        label=gettext_lazy("Town hall phone"), max_length=40, required=False
    )
    network_manager_name = forms.CharField(
        label=gettext_lazy("Network manager"), max_length=120, required=False
    )
    network_manager_phone = forms.CharField(
        label=gettext_lazy("Network manager's phone"), max_length=40, required=False
    )
    network_manager_email = forms.CharField(
        label=gettext_lazy("Network manager's e-mail"), max_length=254, required=False
    )
    office_hours = _text(gettext_lazy("Office hours"), rows=3)
    easy_language = _text(
        gettext_lazy("Easy language (Leichte Sprache)"),
        gettext_lazy("Short sentences, one idea per line. Leave empty for the standard text."),
        rows=14,
    )


FIELD_GROUPS = (
    (gettext_lazy("Imprint"), ("imprint",)),
    (gettext_lazy("Privacy statement"), ("privacy",)),
    (
        gettext_lazy("Accessibility statement"),
        (
            "accessibility_conformity",
            "accessibility_limitations",
            "accessibility_feedback_contact",
            "accessibility_enforcement",
            "accessibility_prepared_on",
        ),
    ),
    (
        gettext_lazy("Help"),
        (
            "help_intro",
            "town_hall_phone",
            "network_manager_name",
            "network_manager_phone",
            "network_manager_email",
            "office_hours",
        ),
    ),
    (gettext_lazy("Easy language"), ("easy_language",)),
)


def _initial(town_name: str) -> dict[str, Any]:
    branding = current_branding()
    pages = TownPages.current()
    initial: dict[str, Any] = {
        name: getattr(pages, name)
        for name in PublishedPagesForm.base_fields
        if name not in ("imprint", "privacy")
    }
    initial["easy_language"] = pages.easy_language or default_easy_language_text(
        town_name=town_name
    )
    return {**initial, "imprint": branding.imprint, "privacy": branding.privacy}


@town_admin_required
@require_http_methods(["GET", "POST"])
def published(request: TownRequest) -> HttpResponse:
    town_name = current_branding().display_name
    if request.method == "POST":
        form = PublishedPagesForm(request.POST)
    else:
        form = PublishedPagesForm(initial=_initial(town_name))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        easy = data["easy_language"]
        # The unchanged standard text is not stored: it then follows the translations.
        if easy.strip() == default_easy_language_text(town_name=town_name).strip():
            easy = ""
        try:
            update_published_pages(changed_by=request.user, **{**data, "easy_language": easy})
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            messages.success(request, _("The pages have been saved."))
            return redirect("console:pages")
    groups = [(heading, [form[name] for name in names]) for heading, names in FIELD_GROUPS]
    context = {
        "section": "pages",
        "groups": groups,
        "moderation_links": selectors.moderation_links(request.tenant),
        "form": form,
        "pages": published_pages(),
        "missing_pages": missing_pages(),
    }
    return render(request, "console/pages.html", context)

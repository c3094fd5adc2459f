"""Writes of the pages a town must publish (imprint, privacy, accessibility, help, easy
language). Text is stored as typed (plain text with blank lines between paragraphs) and
escaped when shown."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.validation import Errors

from .models import Branding, Conformity, TownPages
from .services import create_default_branding

LONG_TEXT_MAX = 50000
SHORT_TEXT_MAX = 120


@transaction.atomic
def update_published_pages(
    *,
    changed_by: User | None,
    imprint: str,
    privacy: str,
    accessibility_conformity: str,
    accessibility_limitations: str,
    accessibility_feedback_contact: str,
    accessibility_enforcement: str,
    accessibility_prepared_on: date | None,
    help_intro: str,
    town_hall_phone: str,
    network_manager_name: str,
    network_manager_phone: str,
    network_manager_email: str,
    office_hours: str,
    easy_language: str,
) -> TownPages:
    """Store every page's text at once; every problem is reported together, nothing stored
    unless all is well."""
    errors = Errors()
    long_fields = {
        "imprint": imprint,
        "privacy": privacy,
        "accessibility_limitations": accessibility_limitations,
        "accessibility_feedback_contact": accessibility_feedback_contact,
        "accessibility_enforcement": accessibility_enforcement,
        "help_intro": help_intro,
        "office_hours": office_hours,
        "easy_language": easy_language,
    }
    texts = {
        name: errors.text(name, value, max_length=LONG_TEXT_MAX, required=False, multiline=True)
        for name, value in long_fields.items()
    }
    texts["network_manager_name"] = errors.text(
        "network_manager_name", network_manager_name, max_length=SHORT_TEXT_MAX, required=False
    )
    texts["town_hall_phone"] = errors.phone("town_hall_phone", town_hall_phone)
    texts["network_manager_phone"] = errors.phone("network_manager_phone", network_manager_phone)
    texts["network_manager_email"] = errors.text(
        "network_manager_email", network_manager_email, max_length=254, required=False
    )
    if texts["network_manager_email"]:
        try:
            validate_email(texts["network_manager_email"])
        except ValidationError:
            errors.add("network_manager_email", _("Please enter a valid e-mail address."))
    if accessibility_conformity not in Conformity.values:
        errors.add("accessibility_conformity", _("Please choose one of the states of conformity."))
    errors.moment("accessibility_prepared_on", accessibility_prepared_on)
    errors.raise_if_any()

    branding = Branding.objects.select_for_update().filter(singleton=True).first()
    if branding is None:
        branding = create_default_branding(town_name="LQ")
    pages = TownPages.locked()
    changed = []
    for name in ("imprint", "privacy"):
        if getattr(branding, name) != texts[name]:
            setattr(branding, name, texts[name])
            changed.append(name)
    if changed:
        branding.save(update_fields=[*changed, "updated_at"])
    values: dict[str, object] = {
        **{name: text for name, text in texts.items() if name not in ("imprint", "privacy")},
        "accessibility_conformity": accessibility_conformity,
        "accessibility_prepared_on": accessibility_prepared_on,
    }
    page_changes = [name for name, value in values.items() if getattr(pages, name) != value]
    for name in page_changes:
        setattr(pages, name, values[name])
    try:
        pages.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    if page_changes:
        pages.save(update_fields=[*page_changes, "updated_at"])
    if changed or page_changes:
        record_audit(
            actor=changed_by,
            action="published_pages_changed",
            detail={"fields": sorted(changed + page_changes)},
        )
    return pages


@transaction.atomic
def write_demo_pages(*, town_name: str, domain: str, phone_prefix: str = "07033") -> None:
    """The demo towns' (and the test towns') privacy statement, accessibility statement and
    help page, so that registration is open there."""
    Branding.objects.filter(singleton=True, privacy="").update(
        privacy=(
            f"Verantwortlich: {town_name}, Rathaus.\n\n"
            "Wir speichern nur, was für das Portal nötig ist: Ihren Namen, Ihre E-Mail-Adresse "
            "und was Sie selbst eintragen. Sie können Ihre Daten jederzeit herunterladen und "
            "Ihr Konto löschen.\n\n(Fiktive Demo-Gemeinde)"
        )
    )
    pages = TownPages.locked()
    if not pages.accessibility_feedback_contact:
        pages.accessibility_feedback_contact = f"barrierefrei@{domain}"
        pages.accessibility_limitations = (
            "Ältere PDF-Dokumente der Vereine sind nicht barrierefrei."
        )
        pages.town_hall_phone = f"{phone_prefix} 1000"
        pages.network_manager_name = "Netzwerkbüro im Rathaus"
        pages.network_manager_phone = f"{phone_prefix} 1010"
        pages.network_manager_email = f"netzwerk@{domain}"
        pages.office_hours = "Montag bis Donnerstag 9 bis 12 Uhr\nDonnerstag 14 bis 18 Uhr"
        pages.save()

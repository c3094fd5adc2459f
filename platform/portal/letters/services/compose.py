"""Starting a letter for a quarter (pre-filled by the modules) and editing its text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from portal import registry
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.letters.models import (
    BODY_MAX,
    HEADING_MAX,
    INTRO_MAX,
    SECTIONS_MAX,
    TITLE_MAX,
    Letter,
    Section,
)
from portal.letters.periods import Quarter, quarter_of, town_today
from portal.validation import Errors
from tenants.current import current_town

EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class SectionText:
    heading: str
    body: str


def _check_quarter(year: int, quarter: int) -> Quarter:
    errors = Errors()
    current = quarter_of(town_today())
    if quarter not in (1, 2, 3, 4):
        errors.add("quarter", _("Choose a quarter from 1 to 4."))
    elif not EARLIEST_YEAR <= year <= current.year:
        errors.add(
            "year",
            _("Choose a year from %(first)d to %(last)d.")
            % {"first": EARLIEST_YEAR, "last": current.year},
        )
    elif (year, quarter) > (current.year, current.number):
        errors.add("quarter", _("A letter can only be written for a quarter that has begun."))
    errors.raise_if_any()
    return Quarter(year, quarter)


@transaction.atomic
def start_letter(*, year: int, quarter: int, by: User) -> Letter:
    """Start the letter of a quarter, pre-filled with what the town's modules contribute."""
    period = _check_quarter(year, quarter)
    if Letter.objects.filter(year=year, quarter=quarter).exists():
        raise ValidationError(
            {"quarter": _("There is already a letter for this quarter. Please open it below.")}
        )
    end = min(period.last_day, town_today())
    town = current_town()
    # Written in the town's language, whoever starts it.
    with translation.override(town.default_language if town else "de"):
        title = _("Quarterly letter %(quarter)d/%(year)d") % {"quarter": quarter, "year": year}
        contributions = registry.letter_sections(period.first_day, end)
    try:
        with transaction.atomic():
            letter = Letter.objects.create(
                slug=period.slug, year=year, quarter=quarter, title=title, created_by=by
            )
    except IntegrityError as exc:  # started twice at once
        raise ValidationError(
            {"quarter": _("There is already a letter for this quarter. Please open it below.")}
        ) from exc
    Section.objects.bulk_create(
        Section(
            letter=letter,
            position=position,
            source=key,
            heading=section.heading[:HEADING_MAX],
            body=section.body[:BODY_MAX],
        )
        for position, (key, section) in enumerate(contributions[:SECTIONS_MAX])
    )
    record_audit(actor=by, action="letter_started", target=letter)
    return letter


@transaction.atomic
def edit_letter(
    *, letter: Letter, title: str, intro: str, sections: Sequence[SectionText], by: User
) -> Letter:
    """Replace the text of a draft; a section without heading and text is dropped."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_draft:
        raise ValidationError(_("This letter is being sent or has been sent; it cannot change."))
    errors = Errors()
    title = errors.text("title", title, max_length=TITLE_MAX)
    intro = errors.text("intro", intro, max_length=INTRO_MAX, required=False, multiline=True)
    kept: list[SectionText] = []
    for number, section in enumerate(sections):
        heading = errors.text(
            f"section-{number}-heading", section.heading, max_length=HEADING_MAX, required=False
        )
        body = errors.text(
            f"section-{number}-body",
            section.body,
            max_length=BODY_MAX,
            required=False,
            multiline=True,
        )
        if body and not heading:
            errors.add(f"section-{number}-heading", _("Please give this part a heading."))
        if heading or body:
            kept.append(SectionText(heading=heading, body=body))
    if len(kept) > SECTIONS_MAX:
        errors.add("__all__", _("A letter may have at most %(max)d parts.") % {"max": SECTIONS_MAX})
    errors.raise_if_any()
    letter.title = title
    letter.intro = intro
    letter.save(update_fields=["title", "intro", "updated_at"])
    old = {s.position: s.source for s in letter.sections.all()}
    letter.sections.all().delete()
    Section.objects.bulk_create(
        Section(
            letter=letter,
            position=position,
            source=old.get(position, ""),
            heading=section.heading,
            body=section.body,
        )
        for position, section in enumerate(kept)
    )
    return letter

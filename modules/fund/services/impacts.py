"""Impact reports of paid projects: what the money did, told by the winning organisation's
representatives (or the proposer when there is none) by the round's `impact_due_on`,
editable, with up to four photos; and the daily reminders (once before, once overdue)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from modules.directory.models import Representative
from portal.accounts.models import User
from portal.files import delete_files_on_commit, save_with_private_file
from portal.letters.periods import town_today
from portal.notify import notify
from portal.validation import Errors
from tenants.addresses import town_url

from ..access import owns, represents
from ..models import DESCRIPTION_MAX, FundSettings, ImpactPhoto, ImpactReport, Payout, Phase
from ..notification_kinds import IMPACT
from .photos import MAX_PHOTOS, checked_photo

# Payout.reminders_sent: 1 after the reminder before the date, 2 after the overdue one.
BEFORE, OVERDUE = 1, 2


def may_report(user: User | None, payout: Payout) -> bool:
    """The winning organisation's representatives, or the proposer without an organisation."""
    proposal = payout.proposal
    if not owns(user, proposal):
        return False
    return proposal.organisation_id is None or represents(user, proposal)


def _require_reporter(user: User, payout: Payout) -> None:
    if not may_report(user, payout):
        raise PermissionDenied(_("Only the project's organisation can write its impact report."))
    if payout.round.phase not in (Phase.IMPACT, Phase.CLOSED) or payout.transferred_on is None:
        raise ValidationError(_("The impact report can be written once the money has been paid."))


@transaction.atomic
def write_impact_report(*, payout: Payout, text: str, by: User) -> ImpactReport:
    """Write or change the payout's impact report."""
    payout = (
        Payout.objects.select_for_update().select_related("round", "proposal").get(pk=payout.pk)
    )
    _require_reporter(by, payout)
    errors = Errors()
    cleaned = errors.text("text", text, max_length=DESCRIPTION_MAX, multiline=True)
    errors.raise_if_any()
    report = ImpactReport.objects.filter(payout=payout).first()
    if report is None:
        return ImpactReport.objects.create(payout=payout, text=cleaned, author=by)
    report.text = cleaned
    report.save(update_fields=["text", "updated_at"])
    return report


@transaction.atomic
def add_impact_photo(
    *,
    report: ImpactReport,
    by: User,
    upload: IO[bytes],
    size: int | None = None,
    alt_text: str = "",
) -> ImpactPhoto:
    """Store a cleaned copy of a photo of the report (at most four)."""
    report = (
        ImpactReport.objects.select_for_update()
        .select_related("payout__round", "payout__proposal")
        .get(pk=report.pk)
    )
    _require_reporter(by, report.payout)
    full = report.photos.count() >= MAX_PHOTOS
    picture, alt = checked_photo(
        upload=upload,
        size=size,
        alt_text=alt_text,
        refusal=_("A report can have at most %(max)d photos.") % {"max": MAX_PHOTOS}
        if full
        else None,
    )
    photo = ImpactPhoto(
        report=report,
        width=picture.width,
        height=picture.height,
        alt_text=alt,
        position=report.photos.count(),
    )
    save_with_private_file(
        photo, field="image", folder=f"fund/impact/{report.public_id}", data=picture.data
    )
    return photo


@transaction.atomic
def delete_impact_photo(*, photo: ImpactPhoto, by: User) -> None:
    """Remove a photo of the report and, once committed, its file."""
    _require_reporter(by, photo.report.payout)
    name, storage = str(photo.image.name), photo.image.storage
    photo.delete()
    delete_files_on_commit([name], storage=storage)


def reporters(payout: Payout) -> list[User]:
    """Who is asked for the report: the organisation's representatives, else the proposer."""
    proposal = payout.proposal
    if proposal.organisation_id is not None:
        ids = Representative.objects.filter(organisation_id=proposal.organisation_id).values(
            "user_id"
        )
        return list(User.objects.people().filter(pk__in=ids, is_active=True))
    if proposal.proposer is not None and proposal.proposer.is_active:
        return [proposal.proposer]
    return []


def _remind(payout: Payout, *, overdue: bool) -> None:
    assert payout.round.impact_due_on is not None
    context = {
        "project": payout.proposal.title,
        "day": payout.round.impact_due_on.strftime("%d.%m.%Y"),
        "overdue": overdue,
        "link": town_url(reverse("fund:impact_report", args=[payout.public_id])),
    }
    for person in reporters(payout):
        notify(person, "fund_impact_due", context=context, kind=IMPACT.key)


def remind_impact_reports(*, today: date | None = None) -> int:
    """Remind the winners without a report `reminder_days` before it is due and once when
    it is overdue; how many payouts were reminded (a second run the same day: none)."""
    day = today or town_today()
    soon = day + timedelta(days=FundSettings.current().reminder_days)
    waiting = Payout.objects.filter(
        impact_report__isnull=True,
        transferred_on__isnull=False,
        round__phase__in=(Phase.IMPACT, Phase.CLOSED),
        round__impact_due_on__isnull=False,
    ).select_related("round", "proposal__proposer")
    reminded = 0
    for payout in waiting.filter(
        Q(round__impact_due_on__lt=day, reminders_sent__lt=OVERDUE)
        | Q(round__impact_due_on__lte=soon, reminders_sent__lt=BEFORE)
    ):
        assert payout.round.impact_due_on is not None
        overdue = payout.round.impact_due_on < day
        stage = OVERDUE if overdue else BEFORE
        with transaction.atomic():
            # The claim: a second run, or one in parallel, finds it reminded and sends nothing.
            if not Payout.objects.filter(pk=payout.pk, reminders_sent__lt=stage).update(
                reminders_sent=stage
            ):
                continue
            _remind(payout, overdue=overdue)
        reminded += 1
    return reminded

"""Impact reports: written by the project's organisation (or proposer), editable, with
photos; reminders once before the date and once overdue."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from modules.fund.models import ImpactReport, Payout, Phase
from modules.fund.services.impacts import (
    add_impact_photo,
    remind_impact_reports,
    write_impact_report,
)
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

pytestmark = pytest.mark.django_db


def _paid(*, organisation: bool = True, due_in: int = 30) -> Payout:
    fund_round = RoundFactory(
        phase=Phase.IMPACT, impact_due_on=timezone.localdate() + timedelta(days=due_in)
    )
    org = OrganisationFactory() if organisation else None
    proposal = ProposalFactory(round=fund_round, organisation=org)
    shortlist(fund_round, [proposal])
    return Payout.objects.create(
        round=fund_round,
        proposal=proposal,
        rank=1,
        amount_cents=proposal.amount_cents,
        transferred_on=timezone.localdate(),
        transfer_reference="R",
    )


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("bank.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_organisations_representative_writes_and_edits_the_report(in_town_a) -> None:
    payout = _paid()
    representative = UserFactory()
    RepresentativeFactory(organisation=payout.proposal.organisation, user=representative)
    # an outsider and a town administrator cannot
    for person in (UserFactory(), UserFactory(town_admin=True)):
        with pytest.raises(PermissionDenied):
            write_impact_report(payout=payout, text="Eine Bank", by=person)
    # bad text is refused
    for text in ("", "x" * 4001, "Bank\x00"):
        with pytest.raises(ValidationError):
            write_impact_report(payout=payout, text=text, by=representative)
    assert not ImpactReport.objects.filter(payout=payout).exists()
    # the representative writes it and changes it
    report = write_impact_report(payout=payout, text="Eine neue Bank.", by=representative)
    write_impact_report(payout=payout, text="Eine neue Bank, aufgestellt.", by=representative)
    report.refresh_from_db()
    assert report.text == "Eine neue Bank, aufgestellt."
    # with up to four photos
    for _ in range(4):
        add_impact_photo(report=report, by=representative, upload=_jpeg(), alt_text="Die Bank")
    with pytest.raises(ValidationError):
        add_impact_photo(report=report, by=representative, upload=_jpeg())
    assert report.photos.count() == 4


def test_a_fake_photo_is_refused(in_town_a) -> None:
    payout = _paid(organisation=False)
    assert payout.proposal.proposer is not None
    report = write_impact_report(payout=payout, text="Bank", by=payout.proposal.proposer)
    fake = SimpleUploadedFile("bank.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        add_impact_photo(report=report, by=payout.proposal.proposer, upload=fake)
    assert report.photos.count() == 0


def test_the_report_page_and_the_round_page(in_town_a, client_a) -> None:
    payout = _paid(organisation=False)
    proposer = payout.proposal.proposer
    assert proposer is not None
    page = f"/fund/impact/{payout.public_id}/"
    # an outsider is sent to log in; another resident meets nothing
    assert client_a.get(page).status_code == 302
    client_a.force_login(UserFactory())
    assert client_a.get(page).status_code == 404
    # the proposer writes it with a photo; it shows on the round's page
    client_a.force_login(proposer)
    response = client_a.post(
        page, {"text": "Die Bank steht.", "image": _jpeg(), "alt_text": "Die neue Bank"}
    )
    assert response.status_code == 302
    html = client_a.get(f"/fund/rounds/{payout.round.slug}/").content.decode()
    assert "Die Bank steht." in html and 'alt="Die neue Bank"' in html


def test_reminders_once_before_and_once_overdue(
    in_town_a, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    def remind(**kwargs: Any) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return remind_impact_reports(**kwargs)

    payout = _paid(organisation=False, due_in=20)
    proposer = payout.proposal.proposer
    assert proposer is not None
    today = timezone.localdate()
    # 20 days before: nothing yet (14 days is the default)
    assert remind(today=today) == 0
    # 14 days before: one reminder, however often the task runs
    assert remind(today=today + timedelta(days=6)) == 1
    assert remind(today=today + timedelta(days=7)) == 0
    # overdue: one more
    assert remind(today=today + timedelta(days=21)) == 1
    assert remind(today=today + timedelta(days=30)) == 0
    mails = [m for m in mailoutbox if proposer.email in m.to]
    assert len(mails) == 2 and "overdue" in mails[1].subject
    # a written report is not reminded
    other = _paid(organisation=False, due_in=1)
    assert other.proposal.proposer is not None
    write_impact_report(payout=other, text="Fertig", by=other.proposal.proposer)
    assert remind(today=today + timedelta(days=5)) == 0

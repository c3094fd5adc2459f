"""The moderation kit's services on real content (an exchange listing, a directory entry)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from modules.directory.models import Organisation
from modules.exchange.models import Listing
from portal.accounts.models import AuditEntry
from portal.moderation import services as kit
from portal.moderation.models import Report, ReviewStatus
from portal.moderation.selectors import moderation_notes_for
from tests.factories.directory import OrganisationFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db


def test_report_notifies_every_moderator_in_their_language_and_audits(
    people, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=people["owner"], title="Fahrrad")
    with django_capture_on_commit_callbacks(execute=True):
        report = kit.report(
            target=listing, reporter=people["member"], reason="Werbung", what="Listing"
        )
    assert report.target == listing and report.resolution == ""
    told = {m.to[0] for m in mail.outbox}
    assert {people["moderator"].email, people["admin"].email} <= told
    assert not {people["owner"].email, people["member"].email} & told
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "reported" in subjects[people["moderator"].email]
    assert "gemeldet" in subjects[people["admin"].email]
    assert all("/manage/moderation/" in m.body for m in mail.outbox)
    entry = AuditEntry.objects.get(action="content_reported")
    assert entry.actor == people["member"]
    assert (entry.target_type, entry.target_key) == ("exchange.listing", str(listing.public_id))


def test_report_refuses_duplicates_bad_reasons_and_anonymous(people):
    listing = ListingFactory(owner=people["owner"])
    kit.report(target=listing, reporter=people["member"], reason="Werbung", what="Listing")
    with pytest.raises(ValidationError, match="already reported"):
        kit.report(target=listing, reporter=people["member"], reason="Nochmal", what="Listing")
    for bad in ("", "   ", "\x00\x07", "x" * 501):
        with pytest.raises(ValidationError):
            kit.report(target=listing, reporter=people["owner"], reason=bad, what="Listing")
    with pytest.raises(ValidationError):
        kit.report(target=listing, reporter=people["owner"], reason=42, what="Listing")  # type: ignore[arg-type]
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        kit.report(target=listing, reporter=AnonymousUser(), reason="x", what="Listing")  # type: ignore[arg-type]
    assert Report.objects.count() == 1


def test_hide_closes_open_reports_records_who_and_why(people):
    listing = ListingFactory(owner=people["owner"])
    kit.report(target=listing, reporter=people["member"], reason="Werbung", what="Listing")
    hidden = kit.hide(target=listing, moderator=people["moderator"], reason="Gewerblich")
    assert hidden.is_hidden and hidden.hidden_by == people["moderator"]
    assert hidden.hidden_reason == "Gewerblich" and hidden.hidden_at is not None
    report = Report.objects.get()
    assert report.resolution == Report.Resolution.HIDDEN
    assert report.resolved_by == people["moderator"]
    entry = AuditEntry.objects.get(action="content_hidden")
    assert entry.subject == people["owner"] and entry.detail["reason"] == "Gewerblich"
    with pytest.raises(ValidationError, match="already hidden"):
        kit.hide(target=listing, moderator=people["moderator"], reason="nochmal")
    with pytest.raises(ValidationError, match="already hidden"):
        kit.report(target=listing, reporter=people["owner"], reason="x", what="Listing")


def test_hide_works_on_a_stale_copy_and_checks_the_locked_row(people):
    listing = ListingFactory(owner=people["owner"])
    stale = Listing.objects.get(pk=listing.pk)
    kit.hide(target=listing, moderator=people["moderator"], reason="Spam")
    # The copy a second moderator had open still says "visible"; the locked row decides.
    assert not stale.is_hidden
    with pytest.raises(ValidationError, match="already hidden"):
        kit.hide(target=stale, moderator=people["admin"], reason="Spam")
    assert AuditEntry.objects.filter(action="content_hidden").count() == 1


def test_restore_and_notes_for_the_owner(people):
    listing = ListingFactory(owner=people["owner"])
    with pytest.raises(ValidationError, match="not hidden"):
        kit.restore(target=listing, moderator=people["moderator"])
    kit.hide(target=listing, moderator=people["moderator"], reason="Spam")
    restored = kit.restore(target=listing, moderator=people["moderator"], reason="Geklärt")
    assert not restored.is_hidden and restored.hidden_by is None and restored.hidden_reason == ""
    notes = moderation_notes_for(listing)
    assert [note.reason for note in notes] == ["Geklärt", "Spam"]


def test_dismiss_closes_reports_without_touching_the_content(people):
    listing = ListingFactory(owner=people["owner"])
    with pytest.raises(ValidationError, match="no open report"):
        kit.dismiss(target=listing, moderator=people["moderator"])
    kit.report(target=listing, reporter=people["member"], reason="Werbung", what="Listing")
    kit.report(target=listing, reporter=people["admin"], reason="Auch", what="Listing")
    assert kit.dismiss(target=listing, moderator=people["moderator"], reason="Passt") == 2
    listing.refresh_from_db()
    assert not listing.is_hidden
    assert set(Report.objects.values_list("resolution", flat=True)) == {"dismissed"}
    assert AuditEntry.objects.get(action="reports_dismissed").detail["reports"] == 2


def test_only_moderators_moderate_and_nothing_changes(people):
    listing = ListingFactory(owner=people["owner"])
    organisation = OrganisationFactory(status=ReviewStatus.PENDING)
    for call in (
        lambda: kit.hide(target=listing, moderator=people["member"], reason="x"),
        lambda: kit.dismiss(target=listing, moderator=people["owner"]),
        lambda: kit.approve(target=organisation, moderator=people["member"]),
        lambda: kit.reject(target=organisation, moderator=people["member"], reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    listing.refresh_from_db()
    organisation.refresh_from_db()
    assert not listing.is_hidden and organisation.status == ReviewStatus.PENDING
    assert not AuditEntry.objects.exists()


def test_approve_and_reject_check_the_state(people):
    organisation = OrganisationFactory(status=ReviewStatus.PENDING)
    with pytest.raises(ValidationError):
        kit.reject(target=organisation, moderator=people["moderator"], reason=" ")
    rejected = kit.reject(target=organisation, moderator=people["moderator"], reason="Kein Ort")
    assert rejected.status == ReviewStatus.REJECTED and rejected.review_reason == "Kein Ort"
    with pytest.raises(ValidationError, match="waiting for approval"):
        kit.reject(target=organisation, moderator=people["moderator"], reason="Nochmal")
    approved = kit.approve(target=organisation, moderator=people["admin"])
    assert approved.status == ReviewStatus.APPROVED and approved.reviewed_by == people["admin"]
    with pytest.raises(ValidationError, match="already been approved"):
        kit.approve(target=organisation, moderator=people["admin"])
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["content_rejected", "content_approved"]
    assert Organisation.objects.get(pk=organisation.pk).is_public


def test_german_messages_are_formal(people):
    from django.utils import translation

    listing = ListingFactory(owner=people["owner"])
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        kit.report(target=listing, reporter=people["member"], reason="", what="Angebot")
    assert "Bitte geben Sie einen Grund an." in caught.value.messages


def test_reports_go_with_their_content(people):
    listing = ListingFactory(owner=people["owner"])
    kit.report(target=listing, reporter=people["member"], reason="Werbung", what="Listing")
    from tests.factories.exchange import MessageFactory

    message = MessageFactory(thread__listing=listing)
    kit.report(target=message, reporter=people["member"], reason="Frech", what="Message")
    assert Report.objects.count() == 2
    listing.delete()  # the message goes with its thread, and both reports with them
    assert Report.objects.count() == 0

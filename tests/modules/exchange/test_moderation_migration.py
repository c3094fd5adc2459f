"""The data migrations that move the exchange onto the moderation kit, on old-shaped rows."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as current_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from modules.exchange.models import Listing, ListingPhoto, Message
from portal.accounts.models import AuditEntry
from portal.moderation.models import Report
from tests.factories.exchange import ListingFactory, MessageFactory

pytestmark = pytest.mark.django_db

kit_migration = importlib.import_module("modules.exchange.migrations.0003_moderation_kit")
photo_migration = importlib.import_module("modules.exchange.migrations.0005_private_listing_photos")


@pytest.fixture
def old_apps(in_town_a):
    """The models as they were before 0004 dropped the exchange's report table (and 0008 its
    log), with those tables put back for this test (the test's transaction removes them)."""
    state = MigrationLoader(connection).project_state(("exchange", "0003_moderation_kit"))
    apps = state.apps
    with connection.schema_editor() as editor:
        editor.create_model(apps.get_model("exchange", "Report"))
        editor.create_model(apps.get_model("exchange", "ModerationAction"))
    return apps


def test_carry_over_moves_reports_hidden_state_and_log(old_apps, people):
    OldReport = old_apps.get_model("exchange", "Report")
    OldAction = old_apps.get_model("exchange", "ModerationAction")
    moderator, member = people["moderator"], people["member"]
    long_ago = timezone.now() - timedelta(days=30)

    # old shape: hidden with a reason, but no hidden_at / hidden_by
    hidden_listing = ListingFactory(owner=people["owner"], is_hidden=True, hidden_reason="Spam")
    visible_listing = ListingFactory(owner=people["owner"])
    hidden_message = MessageFactory(is_hidden=True, hidden_reason="Beleidigend")
    dismissed_message = MessageFactory()
    hide = OldAction.objects.create(
        actor_id=moderator.pk,
        action="hide_listing",
        listing_id=hidden_listing.pk,
        subject_id=people["owner"].pk,
        reason="Spam",
        created_at=long_ago,
    )
    OldAction.objects.create(
        actor_id=moderator.pk,
        action="dismiss_report",
        message_id=dismissed_message.pk,
        reason="Harmlos",
        created_at=long_ago,
    )
    OldAction.objects.create(
        actor_id=moderator.pk, action="block_user", subject_id=member.pk, reason="Betrug"
    )
    open_report = OldReport.objects.create(
        reporter_id=member.pk, listing_id=visible_listing.pk, reason="Werbung"
    )
    acted = OldReport.objects.create(
        reporter_id=member.pk,
        listing_id=hidden_listing.pk,
        reason="Spam!",
        created_at=long_ago - timedelta(hours=1),
        resolved_at=long_ago,
        resolved_by_id=moderator.pk,
    )
    dismissed = OldReport.objects.create(
        reporter_id=member.pk,
        message_id=dismissed_message.pk,
        reason="Frech",
        created_at=long_ago - timedelta(hours=1),
        resolved_at=long_ago,
        resolved_by_id=moderator.pk,
    )
    assert Listing.objects.get(pk=hidden_listing.pk).hidden_at is None

    kit_migration.carry_over_moderation(old_apps, None)

    listing = Listing.objects.get(pk=hidden_listing.pk)
    assert listing.hidden_at == hide.created_at and listing.hidden_by == moderator
    message = Message.objects.get(pk=hidden_message.pk)
    assert message.hidden_at == message.created_at and message.hidden_by is None
    report = Report.objects.get(public_id=open_report.public_id)
    assert report.target == visible_listing and report.resolved_at is None
    assert report.reason == "Werbung" and report.reporter == member
    assert Report.objects.get(public_id=acted.public_id).resolution == "hidden"
    moved = Report.objects.get(public_id=dismissed.public_id)
    assert moved.resolution == "dismissed" and moved.target == dismissed_message
    assert moved.resolved_by == moderator

    hidden_entry = AuditEntry.objects.get(action="content_hidden")
    assert hidden_entry.target_key == str(hidden_listing.public_id)
    assert hidden_entry.created_at == long_ago and hidden_entry.actor == moderator
    assert hidden_entry.detail == {"reason": "Spam"}
    dismissed_entry = AuditEntry.objects.get(action="reports_dismissed")
    assert dismissed_entry.target_type == "exchange.message"
    assert list(OldAction.objects.values_list("action", flat=True)) == ["block_user"]


def test_photos_move_to_the_private_folder(in_town_a, tmp_path, people):
    listing = ListingFactory(owner=people["owner"])
    old_name = default_storage.save(
        f"exchange/{listing.public_id}/a.jpg", ContentFile(b"\xff\xd8x")
    )
    kept = ListingPhoto.objects.create(listing=listing, image=old_name, width=1, height=1)
    lost = ListingPhoto.objects.create(
        listing=listing, image=f"exchange/{listing.public_id}/gone.jpg", width=1, height=1
    )
    done = ListingPhoto.objects.create(
        listing=listing, image=f"private/exchange/{listing.public_id}/b.jpg", width=1, height=1
    )

    photo_migration.move_photos_to_private(current_apps, None)

    kept.refresh_from_db()
    assert kept.image.name.startswith("private/exchange/")
    assert default_storage.exists(kept.image.name) and not default_storage.exists(old_name)
    with default_storage.open(kept.image.name, "rb") as handle:
        assert handle.read() == b"\xff\xd8x"
    lost.refresh_from_db()
    assert lost.image.name == f"private/exchange/{listing.public_id}/gone.jpg"
    done.refresh_from_db()
    assert done.image.name == f"private/exchange/{listing.public_id}/b.jpg"

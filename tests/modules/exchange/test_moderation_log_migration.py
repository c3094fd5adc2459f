"""Migration 0007 carries the exchange's own moderation log into the audit log, on
old-shaped rows (the table is gone since 0008; the test puts it back)."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from modules.exchange import services
from portal.accounts.audit import audit_label, record_audit
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db

log_migration = importlib.import_module(
    "modules.exchange.migrations.0007_moderation_log_into_audit"
)


@pytest.fixture
def old_apps(in_town_a):
    state = MigrationLoader(connection).project_state(
        ("exchange", "0007_moderation_log_into_audit")
    )
    with connection.schema_editor() as editor:
        editor.create_model(state.apps.get_model("exchange", "ModerationAction"))
    return state.apps


def test_old_log_rows_become_audit_entries_once(old_apps, people):
    OldAction = old_apps.get_model("exchange", "ModerationAction")
    moderator, member, owner = people["moderator"], people["member"], people["owner"]
    admin = people["admin"]
    long_ago = timezone.now() - timedelta(days=40)
    # a block from before accounts audited it, and one that already has its audit entry
    OldAction.objects.create(
        actor_id=moderator.pk,
        action="block_user",
        subject_id=member.pk,
        reason="Betrug",
        created_at=long_ago,
    )
    twice = UserFactory(full_name="Doppelt Gesperrt")
    audited = record_audit(
        actor=moderator, subject=twice, action="blocked", detail={"module": "exchange"}
    )
    OldAction.objects.create(
        actor_id=moderator.pk,
        action="block_user",
        subject_id=twice.pk,
        created_at=audited.created_at,
    )
    OldAction.objects.create(
        actor_id=admin.pk,
        action="change_settings",
        reason="30/3/True/300",
        created_at=long_ago,
    )
    # a recorded transfer without an audit entry, and a hide row 0003 did not move
    transfer = services.propose_transfer(proposer=owner, payer=member, payee=owner, minutes=45)
    OldAction.objects.create(
        actor_id=moderator.pk,
        action="record_transfer",
        subject_id=member.pk,
        transfer_id=transfer.pk,
        reason="Am Telefon",
        created_at=long_ago,
    )
    listing = ListingFactory(owner=owner)
    OldAction.objects.create(
        actor_id=moderator.pk,
        action="hide_listing",
        listing_id=listing.pk,
        subject_id=owner.pk,
        reason="Spam",
        created_at=long_ago,
    )

    log_migration.move_log_into_audit(old_apps, None)

    blocked = AuditEntry.objects.get(action="blocked", subject=member)
    assert blocked.actor == moderator and blocked.created_at == long_ago
    assert blocked.detail == {"reason": "Betrug", "module": "exchange"}
    assert AuditEntry.objects.filter(action="blocked", subject=twice).count() == 1
    settings = AuditEntry.objects.get(action="exchange_settings_changed")
    assert settings.actor == admin and settings.detail == {
        "listing_days": 30,
        "reminder_days": 3,
        "allow_negative": True,
        "negative_limit_minutes": 300,
    }
    recorded = AuditEntry.objects.get(action="exchange_transfer_recorded")
    assert recorded.on_behalf_of == member and recorded.target_key == str(transfer.public_id)
    assert recorded.detail == {
        "reason": "Am Telefon",
        "transfer": str(transfer.public_id),
        "minutes": 45,
    }
    hidden = AuditEntry.objects.get(action="content_hidden")
    assert hidden.target_type == "exchange.listing" and hidden.detail == {"reason": "Spam"}
    # the exchange's moderation page reads them back from the audit log
    from modules.exchange.selectors import moderation_log

    labels = [note.label for note in moderation_log()]
    assert labels.count(audit_label("blocked")) == 2
    assert audit_label("exchange_settings_changed") in labels
    assert audit_label("exchange_transfer_recorded") in labels
    # a second run copies nothing again
    count = AuditEntry.objects.count()
    log_migration.move_log_into_audit(old_apps, None)
    assert AuditEntry.objects.count() == count

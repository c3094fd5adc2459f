"""The one audit writer: who did it, to whom, for whom, on what; every code has a label."""

from __future__ import annotations

import pytest

from portal.accounts.audit import audit_label, audit_labels, record_audit, register_audit_labels
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_record_audit_keeps_actor_subject_behalf_and_target(in_town_a) -> None:
    moderator = UserFactory(moderator=True, full_name="Moritz Moderator")
    resident = UserFactory(full_name="Rita Resident")
    entry = record_audit(
        actor=moderator,
        action="exchange_transfer_recorded",
        subject=resident,
        on_behalf_of=resident,
        target=resident,
        detail={"minutes": 30},
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.subject, entry.on_behalf_of) == (moderator, resident, resident)
    assert entry.target_type == "accounts.user"
    assert entry.target_key == str(resident.public_id)
    assert entry.detail == {"minutes": 30}


def test_every_action_written_by_the_code_has_a_label() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    codes = set()
    for folder in ("platform", "modules", "tenants", "billing"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            for call in re.finditer(r"record_audit\((.*?)\n    \)", text, re.S):
                codes.update(re.findall(r'action="([a-z_]+)"', call.group(1)))
    assert codes, "no record_audit call found"
    unlabelled = sorted(code for code in codes if code not in audit_labels())
    assert not unlabelled


def test_a_label_cannot_be_given_twice_differently() -> None:
    register_audit_labels({"blocked": audit_label("blocked")})  # the same label: fine
    with pytest.raises(ValueError):
        register_audit_labels({"blocked": "Something else"})


def test_audit_log_shows_labels_and_for_whom(in_town_a, client_a) -> None:
    admin = UserFactory(town_admin=True, full_name="Ada Admin")
    resident = UserFactory(full_name="Rita Resident")
    record_audit(
        actor=admin, action="exchange_transfer_recorded", subject=resident, on_behalf_of=resident
    )
    client_a.force_login(admin)
    html = client_a.get("/manage/audit/").content.decode()
    assert "Time transfer recorded" in html
    assert "exchange_transfer_recorded" not in html
    assert "for Rita Resident" in html

"""Carry the rows of the exchange's own moderation log (`ModerationAction`) into the audit
log; 0008 drops the table.

Since the accounts and acting-on-behalf work, blocking and recording or reversing a
transfer wrote an audit entry next to the log row; those rows already have their entry and
are not copied twice. Settings changes only ever wrote here. Hiding, restoring and
dismissing moved in 0003; any such row left is moved the same way.
"""

from datetime import timedelta

from django.db import migrations

MODULE = "exchange"
# The same moment, give or take: the log row and the audit entry were written together.
SAME_TIME = timedelta(seconds=5)
CONTENT = {
    "hide_listing": ("content_hidden", "listing"),
    "hide_message": ("content_hidden", "message"),
    "restore_listing": ("content_restored", "listing"),
    "restore_message": ("content_restored", "message"),
    "dismiss_report": ("reports_dismissed", None),
}
SETTINGS = ("listing_days", "reminder_days", "allow_negative", "negative_limit_minutes")


def _settings_detail(reason):
    # The old row kept the new settings as "30/7/True/0".
    parts = reason.split("/")
    if len(parts) != len(SETTINGS):
        return {"reason": reason[:200]} if reason else {}
    detail = {}
    for name, value in zip(SETTINGS, parts):
        if name == "allow_negative":
            detail[name] = value == "True"
        else:
            detail[name] = int(value) if value.isdigit() else value
    return detail


def _entry_for(action):
    """(code, subject, on_behalf_of, target type, target key, detail) of an old row."""
    reason = {"reason": action.reason[:200]} if action.reason else {}
    if action.action == "block_user":
        return "blocked", action.subject_id, None, "", "", {**reason, "module": MODULE}
    if action.action == "change_settings":
        return "exchange_settings_changed", None, None, "", "", _settings_detail(action.reason)
    if action.action == "record_transfer":
        transfer = action.transfer
        code = "exchange_transfer_recorded"
        if transfer is not None and transfer.reverses_id is not None:
            code = "exchange_transfer_reversed"
        key = str(transfer.public_id) if transfer is not None else ""
        detail = {**reason}
        if transfer is not None:
            detail.update(transfer=key, minutes=transfer.minutes)
        on_behalf = action.subject_id if code == "exchange_transfer_recorded" else None
        subject = action.subject_id if on_behalf is None else None
        return code, subject, on_behalf, "exchange.timetransfer" if key else "", key, detail
    code, field = CONTENT[action.action]
    field = field or ("listing" if action.listing_id else "message")
    target = getattr(action, field)
    return (
        code,
        action.subject_id,
        None,
        f"exchange.{field}" if target else "",
        str(target.public_id) if target else "",
        reason,
    )


def _already_audited(AuditEntry, action, code, subject, target_key):
    # Written in the same transaction as the log row, or by an earlier run of this one.
    return AuditEntry.objects.filter(
        action=code,
        actor_id=action.actor_id,
        subject_id=subject,
        target_key=target_key,
        created_at__gte=action.created_at - SAME_TIME,
        created_at__lte=action.created_at + SAME_TIME,
    ).exists()


def move_log_into_audit(apps, schema_editor):
    ModerationAction = apps.get_model("exchange", "ModerationAction")
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    rows = ModerationAction.objects.select_related("transfer", "listing", "message")
    for action in rows.order_by("created_at", "id"):
        code, subject, on_behalf, target_type, target_key, detail = _entry_for(action)
        if _already_audited(AuditEntry, action, code, subject, target_key):
            continue
        entry = AuditEntry.objects.create(
            actor_id=action.actor_id,
            subject_id=subject,
            on_behalf_of_id=on_behalf,
            action=code,
            target_type=target_type,
            target_key=target_key,
            detail=detail,
        )
        # auto_now_add set the time of the migration; keep the time it happened.
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=action.created_at)


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0006_merge_ledger_and_moderation"),
        ("accounts", "0003_audit_on_behalf_and_target"),
    ]

    operations = [
        migrations.RunPython(move_log_into_audit, migrations.RunPython.noop),
    ]

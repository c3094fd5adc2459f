"""Move the exchange's own moderation onto the moderation kit (portal.moderation).

Hidden listings and messages get who hid them and when (from the exchange's log), the
exchange's reports become the kit's generic reports (same public ids), and the log rows of
hiding, restoring and dismissing become audit entries. The old report table is dropped in
0004, once its rows are copied.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


AUDIT_ACTIONS = {
    "hide_listing": ("content_hidden", "listing"),
    "hide_message": ("content_hidden", "message"),
    "restore_listing": ("content_restored", "listing"),
    "restore_message": ("content_restored", "message"),
    "dismiss_report": ("reports_dismissed", None),
}


def _latest_hide(actions, field, row):
    return (
        actions.filter(action=f"hide_{field}", **{f"{field}_id": row.pk})
        .order_by("-created_at", "-id")
        .first()
    )


def carry_over_moderation(apps, schema_editor):
    Listing = apps.get_model("exchange", "Listing")
    Message = apps.get_model("exchange", "Message")
    OldReport = apps.get_model("exchange", "Report")
    ModerationAction = apps.get_model("exchange", "ModerationAction")
    Report = apps.get_model("moderation", "Report")
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {
        name: ContentType.objects.get_or_create(app_label="exchange", model=name)[0]
        for name in ("listing", "message")
    }
    actions = ModerationAction.objects.all()

    for listing in Listing.objects.filter(is_hidden=True):
        hide = _latest_hide(actions, "listing", listing)
        listing.hidden_at = hide.created_at if hide else listing.updated_at
        listing.hidden_by_id = hide.actor_id if hide else None
        listing.save(update_fields=["hidden_at", "hidden_by"])
    for message in Message.objects.filter(is_hidden=True):
        hide = _latest_hide(actions, "message", message)
        message.hidden_at = hide.created_at if hide else message.created_at
        message.hidden_by_id = hide.actor_id if hide else None
        message.save(update_fields=["hidden_at", "hidden_by"])

    for old in OldReport.objects.order_by("id"):
        field = "listing" if old.listing_id else "message"
        object_id = old.listing_id or old.message_id
        resolution = ""
        if old.resolved_at is not None:
            hidden = actions.filter(
                action=f"hide_{field}",
                created_at__gte=old.created_at,
                **{f"{field}_id": object_id},
            ).exists()
            resolution = "hidden" if hidden else "dismissed"
        Report.objects.create(
            public_id=old.public_id,
            content_type=types[field],
            object_id=object_id,
            reporter_id=old.reporter_id,
            reason=old.reason,
            created_at=old.created_at,
            resolved_at=old.resolved_at,
            resolved_by_id=old.resolved_by_id,
            resolution=resolution,
        )

    moved = actions.filter(action__in=AUDIT_ACTIONS).select_related("listing", "message")
    for action in moved.order_by("created_at", "id"):
        code, field = AUDIT_ACTIONS[action.action]
        field = field or ("listing" if action.listing_id else "message")
        target = getattr(action, field)
        entry = AuditEntry.objects.create(
            actor_id=action.actor_id,
            subject_id=action.subject_id,
            action=code,
            target_type=f"exchange.{field}" if target else "",
            target_key=str(target.public_id) if target else "",
            detail={"reason": action.reason[:200]} if action.reason else {},
        )
        # auto_now_add set the time of the migration; keep the time it happened.
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=action.created_at)
    moved.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('exchange', '0002_ledger_integrity'),
        ('moderation', '0001_initial'),
        ('accounts', '0003_audit_on_behalf_and_target'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='listing',
            name='hidden_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='listing',
            name='hidden_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='message',
            name='hidden_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='message',
            name='hidden_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(carry_over_moderation, migrations.RunPython.noop),
    ]

"""Deleted (anonymised) accounts are marked, so lists of people can leave them out."""

from django.db import migrations, models
from django.db.models import F


def mark_accounts_deleted_before(apps, schema_editor):
    # Accounts anonymised before this field existed carry the never-deliverable address
    # that anonymise_account gives them; their deletion time is unknown, date_joined stands in.
    User = apps.get_model("accounts", "User")
    User.objects.filter(email__endswith="@deleted.invalid", deleted_at__isnull=True).update(
        deleted_at=F("date_joined")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_personal_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="deleted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(mark_accounts_deleted_before, migrations.RunPython.noop),
    ]

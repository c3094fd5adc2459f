"""The exchange's moderation log is the audit log now (its rows were carried over in 0007)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0007_moderation_log_into_audit"),
    ]

    operations = [
        migrations.DeleteModel(name="ModerationAction"),
    ]

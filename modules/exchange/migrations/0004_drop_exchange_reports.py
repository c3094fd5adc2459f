"""The exchange's reports now live in the moderation kit's table (copied by 0003)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0003_moderation_kit"),
    ]

    operations = [
        migrations.DeleteModel(
            name='Report',
        ),
    ]

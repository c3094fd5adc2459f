import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """DirectorySettings moves onto portal.town_settings.TownSettingsRow, which keeps when
    the row last changed."""

    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="directorysettings",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]

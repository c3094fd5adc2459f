"""The neighbourly-help module's key, and btree_gist for its exclusion constraints (a
driver or vehicle never in two rides at once). Like pg_trgm, the extension lives in the
public schema once per database; every town's search_path includes public."""

from django.contrib.postgres.fields import ArrayField
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_postcodes_ascii_digits")]

    operations = [
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="town",
            name="enabled_modules",
            field=ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("directory", "Clubs and organisations"),
                        ("info", "Local information"),
                        ("exchange", "Swap exchange"),
                        ("shop", "Services and offers"),
                        ("fund", "Community fund"),
                        ("volunteer", "Neighbourly help"),
                    ],
                    max_length=20,
                ),
                blank=True,
                default=list,
                size=None,
            ),
        ),
    ]

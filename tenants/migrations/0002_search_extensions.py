"""Extensions live in the public schema once per database; every town's search_path
includes public, so towns use them without creating them in their own schema."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;"
            "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]

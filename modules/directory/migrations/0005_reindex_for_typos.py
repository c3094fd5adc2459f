"""Recompute every organisation's search text: the words of descriptions and offerings now go
into the trigram text once each, so a typo ('Fahrad') finds a word of a long text too."""

from typing import Any

from django.db import migrations


def reindex(apps: Any, schema_editor: Any) -> None:
    # The current models and the current indexer: this migration only recomputes values of
    # columns that 0001 created, with the same code every later save runs.
    from modules.directory.models import Organisation
    from modules.directory.search import refresh_search_index

    for organisation in Organisation.objects.all().iterator():
        refresh_search_index(organisation)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_merge_settings_and_moderation")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]

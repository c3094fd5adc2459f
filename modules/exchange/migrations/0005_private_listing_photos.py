"""Listing photos move under the town's `private/` media folder.

Until now every photo was served by `town_media` with `Cache-Control: public`, hidden
listings' photos included. From now on the exchange's photo view decides who may see one
(portal.files), and `town_media` never serves `private/`. Moves the files of existing photos
and their names; a file that is missing on disk keeps its row (its name is moved all the
same, so the old public address stops working).
"""

from django.core.files.storage import default_storage
from django.db import migrations

PRIVATE_PREFIX = "private/"


def move_photos_to_private(apps, schema_editor, storage=None):
    storage = storage or default_storage
    ListingPhoto = apps.get_model("exchange", "ListingPhoto")
    for photo in ListingPhoto.objects.exclude(image__startswith=PRIVATE_PREFIX):
        old = photo.image.name
        new = PRIVATE_PREFIX + old.lstrip("/")
        if storage.exists(old):
            with storage.open(old, "rb") as handle:
                saved = storage.save(new, handle)
            storage.delete(old)
        else:
            saved = new
        ListingPhoto.objects.filter(pk=photo.pk).update(image=saved)


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0004_drop_exchange_reports"),
    ]

    operations = [
        migrations.RunPython(move_photos_to_private, migrations.RunPython.noop),
    ]

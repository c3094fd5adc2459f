"""Listing photos move under the town's `private/` media folder.

Until now every photo was served by `town_media` with `Cache-Control: public`, hidden
listings' photos included. From now on the exchange's photo view decides who may see one
(portal.files), and `town_media` never serves `private/`. Moves the files of existing photos
and their names; a file that is missing on disk keeps its row (its name is moved all the
same, so the old public address stops working).
"""

from django.db import migrations

from portal.files import PRIVATE_PREFIX, move_to_private


def move_photos_to_private(apps, schema_editor):
    ListingPhoto = apps.get_model("exchange", "ListingPhoto")
    for photo in ListingPhoto.objects.exclude(image__startswith=PRIVATE_PREFIX):
        new = move_to_private(photo.image.name)
        ListingPhoto.objects.filter(pk=photo.pk).update(image=new)


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0004_drop_exchange_reports"),
    ]

    operations = [
        migrations.RunPython(move_photos_to_private, migrations.RunPython.noop),
    ]

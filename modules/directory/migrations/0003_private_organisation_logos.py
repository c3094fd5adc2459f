"""Organisation logos move under the town's `private/` media folder: a waiting or rejected
organisation's logo is served only to its representatives and the moderators
(directory.logos); approved organisations' logos stay public and cacheable."""

from django.db import migrations, models

from portal.files import PRIVATE_PREFIX, move_to_private


def move_logos_to_private(apps, schema_editor):
    Organisation = apps.get_model("directory", "Organisation")
    for organisation in Organisation.objects.exclude(logo="").exclude(
        logo__startswith=PRIVATE_PREFIX
    ):
        new = move_to_private(organisation.logo.name)
        Organisation.objects.filter(pk=organisation.pk).update(logo=new)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0002_organisation_review_on_moderation_kit'),
    ]

    operations = [
        migrations.AlterField(
            model_name='organisation',
            name='logo',
            field=models.ImageField(blank=True, upload_to='private/directory/logos/', verbose_name='logo'),
        ),
        migrations.RunPython(move_logos_to_private, migrations.RunPython.noop),
    ]

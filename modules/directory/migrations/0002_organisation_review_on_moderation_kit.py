"""Organisation approval moves onto the moderation kit's `Reviewable`.

`rejection_reason` becomes `review_reason`; who reviewed and when is taken from the
directory's edit log (the last approval or rejection), or from `approved_at`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def carry_over_reviews(apps, schema_editor):
    Organisation = apps.get_model("directory", "Organisation")
    OrganisationChange = apps.get_model("directory", "OrganisationChange")
    for organisation in Organisation.objects.exclude(status="pending"):
        decision = (
            OrganisationChange.objects.filter(
                organisation=organisation,
                action="approved" if organisation.status == "approved" else "rejected",
            )
            .order_by("-changed_at", "-id")
            .first()
        )
        if decision is not None:
            organisation.reviewed_at = decision.changed_at
            organisation.reviewed_by_id = decision.changed_by_id
        else:
            organisation.reviewed_at = organisation.approved_at
        organisation.save(update_fields=["reviewed_at", "reviewed_by"])


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='organisation',
            old_name='rejection_reason',
            new_name='review_reason',
        ),
        migrations.AddField(
            model_name='organisation',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='organisation',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='pending', max_length=16),
        ),
        migrations.RunPython(carry_over_reviews, migrations.RunPython.noop),
    ]

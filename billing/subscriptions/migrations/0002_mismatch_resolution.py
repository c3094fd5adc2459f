from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mismatch",
            name="resolved_by",
            field=models.CharField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name="mismatch",
            name="resolution",
            field=models.CharField(blank=True, max_length=500, verbose_name="what was done"),
        ),
    ]

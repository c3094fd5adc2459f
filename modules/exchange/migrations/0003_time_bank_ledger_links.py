import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_ledger_integrity"),
        ("ledger", "0002_ledger_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="timeaccount",
            name="ledger_account",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="time_account",
                to="ledger.account",
            ),
        ),
        migrations.AddField(
            model_name="timetransfer",
            name="ledger_transaction",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="time_transfer",
                to="ledger.transaction",
            ),
        ),
    ]

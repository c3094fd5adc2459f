"""The time bank's own entries and their triggers go: the ledger holds the balances now
(its rules, generalised from these triggers, are in billing/ledger/migrations/0002)."""

import django.db.models.deletion
from django.db import migrations, models

DROP_OLD_RULES = r"""
DROP FUNCTION IF EXISTS exchange_timeentry_refuse_change();
DROP FUNCTION IF EXISTS exchange_timeentry_check_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("exchange", "0004_move_time_bank_to_ledger")]

    operations = [
        migrations.AlterField(
            model_name="timeaccount",
            name="ledger_account",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="time_account",
                to="ledger.account",
            ),
        ),
        migrations.DeleteModel(name="TimeEntry"),
        migrations.RunSQL(DROP_OLD_RULES, migrations.RunSQL.noop),
    ]

"""The time bank's rules, enforced by PostgreSQL itself.

- every transfer's entries sum to zero, checked at commit (deferred constraint trigger), so a
  half-written transfer can never be committed, whatever code writes it;
- entries are immutable: UPDATE and DELETE are refused; corrections are reversing transfers.
  (TRUNCATE stays allowed: test databases are flushed with it.)

The functions resolve the table through TG_TABLE_SCHEMA, so each town's trigger checks that
town's own table, whatever the search_path is.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION exchange_timeentry_check_balanced() RETURNS trigger AS $$
DECLARE
    total bigint;
    sides integer;
BEGIN
    EXECUTE format(
        'SELECT COALESCE(SUM(minutes), 0), COUNT(*) FROM %I.%I WHERE transfer_id = $1',
        TG_TABLE_SCHEMA, TG_TABLE_NAME
    ) INTO total, sides USING NEW.transfer_id;
    IF total <> 0 OR sides <> 2 THEN
        RAISE EXCEPTION 'time transfer % is not balanced: % entries summing to % minutes',
            NEW.transfer_id, sides, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER exchange_timeentry_balanced
    AFTER INSERT ON exchange_timeentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION exchange_timeentry_check_balanced();

CREATE OR REPLACE FUNCTION exchange_timeentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'time entries are immutable; post a reversing transfer instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER exchange_timeentry_immutable
    BEFORE UPDATE OR DELETE ON exchange_timeentry
    FOR EACH ROW EXECUTE FUNCTION exchange_timeentry_refuse_change();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS exchange_timeentry_immutable ON exchange_timeentry;
DROP FUNCTION IF EXISTS exchange_timeentry_refuse_change();
DROP TRIGGER IF EXISTS exchange_timeentry_balanced ON exchange_timeentry;
DROP FUNCTION IF EXISTS exchange_timeentry_check_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

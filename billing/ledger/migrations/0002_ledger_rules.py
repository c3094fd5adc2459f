"""The ledger's rules, enforced by PostgreSQL itself (generalised from the time bank's).

- every transaction has at least two entries, and its entries sum to zero per unit, checked
  at commit (deferred constraint triggers on both tables), so a half-written transaction can
  never be committed, whatever code writes it;
- entries and transactions are immutable: UPDATE and DELETE are refused; corrections are
  reversals. An account's unit cannot change. (TRUNCATE stays allowed: test databases are
  flushed with it.)

The functions resolve the tables through TG_TABLE_SCHEMA, so each town's trigger checks that
town's own tables, whatever the search_path is at commit; they call no other function of
ours for the same reason.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger AS $$
DECLARE
    txn bigint;
    sides integer;
    unbalanced text;
BEGIN
    -- Fired by an entry (its transaction_id) or by a transaction (its id).
    txn := COALESCE(
        (to_jsonb(NEW) ->> 'transaction_id')::bigint, (to_jsonb(NEW) ->> 'id')::bigint
    );
    EXECUTE format(
        'SELECT COUNT(*) FROM %I.ledger_entry WHERE transaction_id = $1', TG_TABLE_SCHEMA
    ) INTO sides USING txn;
    IF sides < 2 THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced: % entries, at least 2 needed',
            txn, sides
            USING ERRCODE = 'check_violation';
    END IF;
    EXECUTE format(
        'SELECT string_agg(unit || '' '' || total, '', '') FROM ('
        '  SELECT a.unit, SUM(e.amount) AS total'
        '  FROM %1$I.ledger_entry e JOIN %1$I.ledger_account a ON a.id = e.account_id'
        '  WHERE e.transaction_id = $1 GROUP BY a.unit HAVING SUM(e.amount) <> 0'
        ') AS off_balance',
        TG_TABLE_SCHEMA
    ) INTO unbalanced USING txn;
    IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced: entries sum to %', txn, unbalanced
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_entry_balanced
    AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

CREATE CONSTRAINT TRIGGER ledger_transaction_balanced
    AFTER INSERT ON ledger_transaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows (%) are immutable; post a reversal instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entry_immutable
    BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_transaction_immutable
    BEFORE UPDATE OR DELETE ON ledger_transaction
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_account_unit_immutable
    BEFORE UPDATE OF unit ON ledger_account
    FOR EACH ROW WHEN (OLD.unit IS DISTINCT FROM NEW.unit)
    EXECUTE FUNCTION ledger_refuse_change();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_account_unit_immutable ON ledger_account;
DROP TRIGGER IF EXISTS ledger_transaction_immutable ON ledger_transaction;
DROP TRIGGER IF EXISTS ledger_entry_immutable ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_refuse_change();
DROP TRIGGER IF EXISTS ledger_transaction_balanced ON ledger_transaction;
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_check_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

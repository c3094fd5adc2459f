"""A town's double-entry ledger: accounts in one unit, transactions of balanced entries.

The rules that matter are enforced by PostgreSQL (see migrations/0002_ledger_rules.py), not
only by the services: every transaction has two or more entries that sum to zero per unit
at commit; entries and transactions are never updated or deleted; corrections are
reversals. Balances are never stored: a balance is the sum of an account's entries.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_MAX = 200
MEMO_MAX = 300
OWNER_KIND_MAX = 40
OWNER_KEY_MAX = 100
PURPOSE_MAX = 40


class Unit(models.TextChoices):
    EURO_CENTS = "eur_cents", _("euro cents")
    MINUTES = "minutes", _("minutes")


class OwnerKind(models.TextChoices):
    """Who an account belongs to; the key says which one (a uuid, a slug, or "")."""

    USER = "user", _("person")
    ORGANISATION = "organisation", _("organisation")
    PROVIDER = "provider", _("provider")
    FUND = "fund", _("community fund")
    CLEARING = "clearing", _("clearing")
    TOWN = "town", _("town")
    # A deleted person's accounts move here (owner_key a fresh uuid): the entries and the
    # balances stay, nobody can tell whose they were.
    ANONYMOUS = "anonymous", _("former member")


class Account(models.Model):
    """One balance in one unit, of one owner, for one purpose (e.g. "time", "receivable")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    owner_kind = models.CharField(max_length=OWNER_KIND_MAX, choices=OwnerKind.choices)
    owner_key = models.CharField(max_length=OWNER_KEY_MAX, blank=True)
    purpose = models.CharField(max_length=PURPOSE_MAX, default="main")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_kind", "owner_key", "purpose", "unit"],
                name="ledger_one_account_per_owner_purpose_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_kind}:{self.owner_key}:{self.purpose} ({self.unit})"


class Transaction(models.Model):
    """A posting under a unique idempotency key; a reversal points at what it mirrors."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(max_length=KEY_MAX, unique=True)
    memo = models.CharField(max_length=MEMO_MAX, blank=True)
    # A transaction can be reversed once: the one-to-one makes a second reversal a
    # unique violation in the database, whatever code tries it.
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(key=""), name="ledger_transaction_key_not_empty"),
            models.CheckConstraint(
                condition=~Q(reverses=models.F("id")), name="ledger_transaction_not_own_reversal"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Entry(models.Model):
    """One account's share of a transaction, in the account's unit; never changed."""

    transaction = models.ForeignKey(
        Transaction, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    amount = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_not_zero"),
            models.UniqueConstraint(
                fields=["transaction", "account"], name="ledger_one_entry_per_account"
            ),
        ]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount}"

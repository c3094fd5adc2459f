"""The LQ Fonds' rounds: proposals, the committee's review, the secret vote, the payout and
the impact report.

The vote is secret by construction. Three tables hold it and nothing joins them:
- `VoterRecord`, the register: who voted in a round, and how (online, on paper, by phone);
- `Ballot`, the ballot box: a round and the ballot numbers chosen. Its key is a random UUID;
  it has no voter, no time and no sequence, so neither its columns nor its order can be
  matched against the register;
- `Receipt`: the SHA-256 of each voter's receipt code, again with a random key and nothing
  else. A voter finds their hash in the published list; nobody can get from it to a ballot.
All three rows are written in one transaction, so the counts always agree.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.directory.models import Organisation
from portal.accounts.models import User
from portal.behalf.models import Consent
from portal.moderation.models import Hideable, Reportable, Reviewable
from portal.town_settings import TownSettingsRow

# A round distributes at most this (1 million euros), a proposal asks at most for it.
MAX_AMOUNT_CENTS = 100_000_000
TITLE_MAX = 120
SUMMARY_MAX = 300
DESCRIPTION_MAX = 4000
BENEFICIARIES_MAX = 500
REASON_MAX = 1000
REFERENCE_MAX = 140
MAX_SHORTLIST = 10


class Phase(models.TextChoices):
    """A round's phases, in the only order it may go through them (forward only)."""

    SCHEDULED = "scheduled", _("Not open yet")
    PROPOSALS = "proposals", _("Proposals open")
    REVIEW = "review", _("Committee review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    PAYOUT = "payout", _("Payout")
    IMPACT = "impact", _("Impact report")
    CLOSED = "closed", _("Closed")


PHASES: tuple[str, ...] = tuple(Phase.values)


def phase_index(phase: str) -> int:
    return PHASES.index(phase)


class VoteMethod(models.TextChoices):
    SINGLE = "single", _("One vote: choose one project")
    APPROVAL = "approval", _("Approval: choose up to the number of projects given")


class AmountMode(models.TextChoices):
    BALANCE = "balance", _("The fund's balance when voting closes")
    FIXED = "fixed", _("A fixed sum (at most the fund's balance)")


class TieRule(models.TextChoices):
    """Published on the round's page before the vote; the tally applies it."""

    SMALLER_AMOUNT = (
        "smaller_amount",
        _("the project that asks for less money; if that is the same too, the lower ballot number"),
    )
    BALLOT_NUMBER = (
        "ballot_number",
        _(
            "the lower ballot number (the ballot numbers were drawn by lot when the shortlist "
            "was closed)"
        ),
    )


class FundSettings(TownSettingsRow):
    """How the town runs its fund: the schedule of rounds and the rules of new rounds."""

    auto_rounds = models.BooleanField(
        _("start a new round on the schedule by itself"), default=True
    )
    round_months = models.PositiveSmallIntegerField(_("months between rounds"), default=4)
    proposal_days = models.PositiveSmallIntegerField(_("days for proposals"), default=42)
    review_days = models.PositiveSmallIntegerField(_("days for the committee's review"), default=14)
    voting_days = models.PositiveSmallIntegerField(_("days of voting"), default=14)
    # Voting closes at this time of day, town time, on its last day.
    closing_hour = models.PositiveSmallIntegerField(_("hour at which voting closes"), default=18)
    impact_days = models.PositiveSmallIntegerField(
        _("days after the payout for the impact report"), default=120
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days before the impact report is due that the organisation is reminded"), default=14
    )
    shortlist_size = models.PositiveSmallIntegerField(_("projects on the shortlist"), default=3)
    method = models.CharField(
        _("voting method"), max_length=12, choices=VoteMethod.choices, default=VoteMethod.SINGLE
    )
    max_choices = models.PositiveSmallIntegerField(
        _("how many projects a voter may choose (approval voting)"), default=2
    )
    amount_mode = models.CharField(
        _("amount to distribute"),
        max_length=10,
        choices=AmountMode.choices,
        default=AmountMode.BALANCE,
    )
    fixed_amount_cents = models.PositiveIntegerField(_("fixed sum"), default=0)
    tie_rule = models.CharField(
        _("tie rule"), max_length=20, choices=TieRule.choices, default=TieRule.SMALLER_AMOUNT
    )
    approve_proposals = models.BooleanField(
        _("a moderator approves each proposal before it is public"), default=True
    )

    class Meta:
        verbose_name = _("fund settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(round_months__gte=1, round_months__lte=24),
                name="fund_settings_round_months",
            ),
            models.CheckConstraint(
                condition=Q(shortlist_size__gte=1, shortlist_size__lte=MAX_SHORTLIST),
                name="fund_settings_shortlist_size",
            ),
            models.CheckConstraint(
                condition=Q(closing_hour__lte=23), name="fund_settings_closing_hour"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1, max_choices__lte=MAX_SHORTLIST),
                name="fund_settings_max_choices",
            ),
            models.CheckConstraint(
                condition=Q(fixed_amount_cents__lte=MAX_AMOUNT_CENTS),
                name="fund_settings_fixed_amount",
            ),
        ]


class Round(models.Model):
    """One funding round. Its rules are copied from the settings when it is created and
    frozen when voting opens; its result is written once, when voting closes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=40, unique=True)  # "2026-2": year and round in it
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.SCHEDULED)
    # The phases' boundaries, aware; computed in the town's time zone (services.rounds).
    proposals_open_at = models.DateTimeField(_("proposals open"))
    review_starts_at = models.DateTimeField(_("committee review starts"))
    voting_starts_at = models.DateTimeField(_("voting starts"))
    voting_ends_at = models.DateTimeField(_("voting ends"))
    impact_due_on = models.DateField(_("impact report due"), null=True, blank=True)
    method = models.CharField(max_length=12, choices=VoteMethod.choices, default=VoteMethod.SINGLE)
    max_choices = models.PositiveSmallIntegerField(default=1)
    shortlist_size = models.PositiveSmallIntegerField(default=3)
    tie_rule = models.CharField(
        max_length=20, choices=TieRule.choices, default=TieRule.SMALLER_AMOUNT
    )
    amount_mode = models.CharField(
        max_length=10, choices=AmountMode.choices, default=AmountMode.BALANCE
    )
    fixed_amount_cents = models.PositiveIntegerField(default=0)
    # The review's close: the chair's shortlist (Proposal.ballot_number) and when.
    review_closed_at = models.DateTimeField(null=True, blank=True)
    review_closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The result, written once by services.results when voting closes.
    amount_cents = models.PositiveIntegerField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    ballots_count = models.PositiveIntegerField(null=True, blank=True)
    paper_count = models.PositiveIntegerField(null=True, blank=True)
    assisted_count = models.PositiveIntegerField(null=True, blank=True)
    # {"<ballot number>": votes}, ranking [ballot numbers, best first]
    counts = models.JSONField(null=True, blank=True)
    ranking = ArrayField(models.PositiveSmallIntegerField(), null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)  # SHA-256 hex of the sorted ballots
    # The voting-open message (services.announcements): the last person told so far (their
    # pk, people are told in pk order) and when everyone was: a second run tells nobody twice.
    announced_through = models.PositiveIntegerField(default=0)
    announced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-proposals_open_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_starts_at__gt=F("proposals_open_at"))
                & Q(voting_starts_at__gte=F("review_starts_at"))
                & Q(voting_ends_at__gt=F("voting_starts_at")),
                name="fund_round_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(shortlist_size__gte=1, shortlist_size__lte=MAX_SHORTLIST)
                & Q(max_choices__gte=1, max_choices__lte=MAX_SHORTLIST),
                name="fund_round_sizes",
            ),
            models.CheckConstraint(
                condition=Q(fixed_amount_cents__lte=MAX_AMOUNT_CENTS),
                name="fund_round_fixed_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PhaseChange(models.Model):
    """A step of a round from one phase to the next: by the beat task (`by` empty) or by a
    town administrator (with a reason; also in the audit log)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="phase_changes", db_index=False
    )
    from_phase = models.CharField(max_length=12, choices=Phase.choices)
    to_phase = models.CharField(max_length=12, choices=Phase.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            # Each phase is entered once per round: a second step into it cannot be stored.
            models.UniqueConstraint(fields=["round", "to_phase"], name="fund_phase_entered_once"),
        ]

    def __str__(self) -> str:
        return f"{self.from_phase} -> {self.to_phase}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("Waiting for the committee")
    SHORTLISTED = "shortlisted", _("On the shortlist")
    NOT_SHORTLISTED = "not_shortlisted", _("Not on the shortlist")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(Hideable, Reviewable, Reportable):
    """A project proposed for a round's money, by a resident or for an organisation.

    `status` (Reviewable) is the moderator's approval; `outcome` the committee's decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="proposals", db_index=False
    )
    proposer = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="fund_proposals"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_proposals",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    amount_cents = models.PositiveIntegerField(_("amount asked for"))
    beneficiaries = models.CharField(_("who benefits"), max_length=BENEFICIARIES_MAX)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)
    # Its number on the ballot, drawn by lot when the chair closes the review (shortlist only).
    ballot_number = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=100, amount_cents__lte=MAX_AMOUNT_CENTS),
                name="fund_proposal_amount",
            ),
            models.UniqueConstraint(
                fields=["round", "ballot_number"], name="fund_proposal_ballot_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(ballot_number__isnull=True) | Q(outcome="shortlisted"),
                name="fund_proposal_ballot_number_only_shortlisted",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalPhoto(models.Model):
    """A photo of a proposal, re-encoded by `portal.images`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(_("short description of the photo"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or str(self.public_id)


class Verdict(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend for the shortlist")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class Recommendation(models.Model):
    """A committee member's recommendation on one proposal, with the reason."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="recommendations", db_index=False
    )
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=REASON_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"], name="fund_one_recommendation_per_member"
            )
        ]

    def __str__(self) -> str:
        return str(self.verdict)


class Declaration(models.Model):
    """A committee member's declared tie to a proposal (its organisation, a relative...):
    they cannot review it."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="declarations", db_index=False
    )
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("what ties you to it"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"], name="fund_one_declaration_per_member"
            )
        ]

    def __str__(self) -> str:
        return self.note[:40]


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("on paper, in person")
    ASSISTED = "assisted", _("by phone, recorded by the network office")


class VoterRecord(models.Model):
    """The register: this person has voted in this round (never how)."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="voters", db_index=False
    )
    # Empty once the person's account is deleted: the round still counts their ballot.
    voter = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One entry per person and round, whatever the channel: the database refuses a
            # second ballot however the two arrive (online twice, online and paper, ...).
            models.UniqueConstraint(fields=["round", "voter"], name="fund_one_vote_per_voter"),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(recorded_by__isnull=False),
                name="fund_paper_and_assisted_have_a_recorder",
            ),
        ]

    def __str__(self) -> str:
        return str(self.channel)


class Ballot(models.Model):
    """One ballot in the box: the ballot numbers chosen, sorted. Nothing else (see the
    module's docstring); the random key is also its published order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots")
    choices = ArrayField(models.PositiveSmallIntegerField())

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(choices__len__gte=1), name="fund_ballot_not_empty"),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Receipt(models.Model):
    """The SHA-256 of a voter's receipt code; nothing ties it to the voter or the ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="receipts")
    code_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.code_hash


class Payout(models.Model):
    """What a round pays one project: posted in the ledger (fund -> the project's payable)
    when the result stands, paid when the administrator records the bank transfer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="payouts", db_index=False
    )
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="payout")
    rank = models.PositiveSmallIntegerField()
    amount_cents = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    transferred_on = models.DateField(_("date of the bank transfer"), null=True, blank=True)
    transfer_reference = models.CharField(
        _("reference of the bank transfer"), max_length=REFERENCE_MAX, blank=True
    )
    transfer_recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transfer_recorded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=1, amount_cents__lte=MAX_AMOUNT_CENTS),
                name="fund_payout_amount",
            ),
            models.UniqueConstraint(fields=["round", "rank"], name="fund_payout_rank_unique"),
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class ImpactReport(Hideable, Reportable):
    """What the money did, told by the project's organisation or proposer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payout = models.OneToOneField(Payout, on_delete=models.PROTECT, related_name="impact_report")
    text = models.TextField(_("what the money did"), max_length=DESCRIPTION_MAX)
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.text[:40]


class ImpactPhoto(models.Model):
    """A photo of an impact report, re-encoded by `portal.images`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(ImpactReport, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(_("short description of the photo"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or str(self.public_id)

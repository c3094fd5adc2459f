"""The fund's rounds in the API, read-only and public: phase, dates, rules, the shortlist
(once the review is closed), the result once counted, payouts and impact reports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from portal.api.base import TownViewSet
from portal.api.fields import TownDateField, TownDateTimeField

from ..models import (
    AmountMode,
    ImpactReport,
    Payout,
    Phase,
    Proposal,
    Round,
    TieRule,
    VoteMethod,
)
from ..selectors_rounds import rounds_with_details


class FundShortlistSerializer(serializers.Serializer[Proposal]):
    ballot_number = serializers.IntegerField(read_only=True)
    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    amount_cents = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )


class FundImpactSerializer(serializers.Serializer[ImpactReport]):
    text = serializers.CharField(read_only=True)
    submitted_at = TownDateTimeField(read_only=True)
    updated_at = TownDateTimeField(read_only=True)


class FundPayoutSerializer(serializers.Serializer[Payout]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    rank = serializers.IntegerField(read_only=True)
    ballot_number = serializers.IntegerField(source="proposal.ballot_number", read_only=True)
    title = serializers.CharField(source="proposal.title", read_only=True)
    amount_cents = serializers.IntegerField(read_only=True)
    transferred_on = TownDateField(read_only=True, allow_null=True)
    impact_report = serializers.SerializerMethodField()

    @extend_schema_field(FundImpactSerializer(allow_null=True))
    def get_impact_report(self, payout: Payout) -> dict[str, Any] | None:
        report = getattr(payout, "impact_report", None)
        if report is None or report.is_hidden:
            return None
        return dict(FundImpactSerializer(report).data)


class FundResultSerializer(serializers.Serializer[Round]):
    counted_at = TownDateTimeField(read_only=True)
    amount_cents = serializers.IntegerField(read_only=True)
    ballots_count = serializers.IntegerField(read_only=True)
    paper_count = serializers.IntegerField(read_only=True)
    assisted_count = serializers.IntegerField(read_only=True)
    counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    ranking = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    digest = serializers.CharField(read_only=True)


class FundRoundSerializer(serializers.Serializer[Round]):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    proposals_open_at = TownDateTimeField(read_only=True)
    review_starts_at = TownDateTimeField(read_only=True)
    voting_starts_at = TownDateTimeField(read_only=True)
    voting_ends_at = TownDateTimeField(read_only=True)
    impact_due_on = TownDateField(read_only=True, allow_null=True)
    method = serializers.ChoiceField(choices=VoteMethod.choices, read_only=True)
    max_choices = serializers.IntegerField(read_only=True)
    shortlist_size = serializers.IntegerField(read_only=True)
    tie_rule = serializers.ChoiceField(choices=TieRule.choices, read_only=True)
    amount_mode = serializers.ChoiceField(choices=AmountMode.choices, read_only=True)
    fixed_amount_cents = serializers.IntegerField(read_only=True)
    shortlist = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    payouts = FundPayoutSerializer(many=True, read_only=True)

    @extend_schema_field(FundShortlistSerializer(many=True))
    def get_shortlist(self, fund_round: Round) -> list[dict[str, Any]]:
        if fund_round.review_closed_at is None:
            return []
        return [dict(row) for row in FundShortlistSerializer(fund_round.shortlist, many=True).data]  # type: ignore[attr-defined]

    @extend_schema_field(FundResultSerializer(allow_null=True))
    def get_result(self, fund_round: Round) -> dict[str, Any] | None:
        if fund_round.counted_at is None:
            return None
        return dict(FundResultSerializer(fund_round).data)


class FundRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """The town's rounds of the LQ Fonds, newest first."""

    serializer_class = FundRoundSerializer  # type: ignore[assignment]
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_town_queryset(self) -> QuerySet[Any]:
        return rounds_with_details().order_by("-proposals_open_at")


router = SimpleRouter()
router.register("rounds", FundRoundViewSet, basename="fund-round")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]

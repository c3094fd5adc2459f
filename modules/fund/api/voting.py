"""The vote's API: cast one's own ballot (the receipt code is in the answer, once), one's
vote status, and after the count the round's result, its anonymised ballots and receipts.

Casting is only for the logged-in voter themself (session or token); a resident of another
town is not logged in here (401). Refusals are a 400 in the one error shape with the same
words as the page."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from portal.accounts.models import User
from portal.api.base import TownAPIView

from ..models import Round
from ..selectors_voting import (
    is_counted,
    my_vote,
    published_box,
    receipt_hashes,
    round_by_slug,
)
from ..services.ballots import cast_ballot
from ..tally import digest


def _round(slug: str, *, counted: bool = False) -> Round:
    fund_round = round_by_slug(slug)
    if fund_round is None or (counted and not is_counted(fund_round)):
        raise Http404
    return fund_round


class CastSerializer(serializers.Serializer[Any]):
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=99), min_length=1, max_length=10
    )


class ReceiptSerializer(serializers.Serializer[Any]):
    receipt = serializers.CharField(help_text="Shown once; only its SHA-256 is stored.")


class MyVoteSerializer(serializers.Serializer[Any]):
    voted = serializers.BooleanField()
    channel = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField(allow_null=True)


class ResultSerializer(serializers.Serializer[Any]):
    round = serializers.SlugField()
    counted_at = serializers.DateTimeField()
    amount_cents = serializers.IntegerField()
    ballots_count = serializers.IntegerField()
    paper_count = serializers.IntegerField()
    assisted_count = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    ranking = serializers.ListField(child=serializers.IntegerField())
    tie_rule = serializers.CharField()
    digest = serializers.CharField()


class ProjectSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    amount_cents = serializers.IntegerField()
    title = serializers.CharField()


class BoxSerializer(serializers.Serializer[Any]):
    projects = ProjectSerializer(many=True)
    ballots = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    digest = serializers.CharField()


class ReceiptListSerializer(serializers.Serializer[Any]):
    receipts = serializers.ListField(child=serializers.CharField())


class CastBallotView(TownAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CastSerializer, responses={201: ReceiptSerializer})
    def post(self, request: Request, round: str) -> Response:  # noqa: A002
        """Cast your own ballot in the round; the answer holds the receipt code."""
        fund_round = _round(round)
        incoming = CastSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user = request.user
        assert isinstance(user, User)
        code = cast_ballot(
            fund_round=fund_round, voter=user, choices=incoming.validated_data["choices"]
        )
        response = Response({"receipt": code}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "private, no-store"
        return response


class MyVoteView(TownAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MyVoteSerializer)
    def get(self, request: Request, round: str) -> Response:  # noqa: A002
        """Whether you have voted in the round, how and when."""
        user = request.user
        assert isinstance(user, User)
        mine = my_vote(_round(round), user)
        return Response({"voted": mine.voted, "channel": mine.channel, "at": mine.at})


class ResultView(TownAPIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ResultSerializer)
    def get(self, request: Request, round: str) -> Response:  # noqa: A002
        """The round's counted result."""
        r = _round(round, counted=True)
        return Response(
            ResultSerializer(
                {
                    "round": r.slug,
                    "counted_at": r.counted_at,
                    "amount_cents": r.amount_cents,
                    "ballots_count": r.ballots_count,
                    "paper_count": r.paper_count,
                    "assisted_count": r.assisted_count,
                    "counts": r.counts,
                    "ranking": r.ranking,
                    "tie_rule": r.tie_rule,
                    "digest": r.digest,
                }
            ).data
        )


class BallotsView(TownAPIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=BoxSerializer)
    def get(self, request: Request, round: str) -> Response:  # noqa: A002
        """The anonymised ballots of a counted round (no key, no time, in random order)."""
        box = published_box(_round(round, counted=True))
        return Response(
            {
                "projects": [
                    {"number": p.number, "amount_cents": p.amount_cents, "title": p.title}
                    for p in box.projects
                ],
                "ballots": [list(choices) for choices in box.ballots],
                "digest": digest(box.ballots),
            }
        )


class ReceiptsView(TownAPIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ReceiptListSerializer)
    def get(self, request: Request, round: str) -> Response:  # noqa: A002
        """The SHA-256 of every receipt code of a counted round, sorted."""
        return Response({"receipts": receipt_hashes(_round(round, counted=True))})


R = "rounds/<slug:round>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{R}ballot/", CastBallotView.as_view(), name="fund-vote-cast"),
    path(f"{R}my-vote/", MyVoteView.as_view(), name="fund-vote-mine"),
    path(f"{R}result/", ResultView.as_view(), name="fund-vote-result"),
    path(f"{R}ballots/", BallotsView.as_view(), name="fund-vote-ballots"),
    path(f"{R}receipts/", ReceiptsView.as_view(), name="fund-vote-receipts"),
]

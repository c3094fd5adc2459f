"""Proposals in the API: a round's public proposals, one proposal, proposing (for people
who may take part), and a round's shortlist with its ballot numbers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from modules.directory.models import Organisation
from portal.accounts.models import User
from portal.accounts.permissions import CanParticipateOrReadOnly
from portal.api.base import TownAPIView, TownViewSet
from portal.api.fields import CleanCharField

from ..models import (
    BENEFICIARIES_MAX,
    DESCRIPTION_MAX,
    MAX_AMOUNT_CENTS,
    SUMMARY_MAX,
    TITLE_MAX,
    Proposal,
)
from ..selectors_proposals import public_proposals, public_round, shortlist_of
from ..services import proposals as services


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    round = serializers.CharField(source="round.slug", read_only=True)
    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "round",
            "title",
            "summary",
            "description",
            "amount_cents",
            "beneficiaries",
            "organisation",
            "outcome",
            "ballot_number",
            "submitted_at",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, proposal: Proposal) -> str:
        from django.urls import reverse

        return reverse("fund:proposal", args=[proposal.public_id])


class NewProposalSerializer(serializers.Serializer[Any]):
    round = serializers.SlugField(help_text="The round's slug, e.g. 2026-2")
    title = CleanCharField(max_length=TITLE_MAX)
    summary = CleanCharField(max_length=SUMMARY_MAX)
    description = CleanCharField(max_length=DESCRIPTION_MAX, multiline=True)
    amount_cents = serializers.IntegerField(min_value=100, max_value=MAX_AMOUNT_CENTS)
    beneficiaries = CleanCharField(max_length=BENEFICIARIES_MAX)
    organisation = serializers.SlugField(
        required=False, allow_blank=True, help_text="The slug of an organisation you represent"
    )


class ProposalFilterSerializer(serializers.Serializer[Any]):
    round = serializers.SlugField(required=False, help_text="Only this round's proposals")


@extend_schema_view(list=extend_schema(parameters=[ProposalFilterSerializer]))
class ProposalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TownViewSet
):
    """Public proposals (approved, not hidden, not withdrawn); residents who may take part
    propose new ones."""

    serializer_class = ProposalSerializer  # type: ignore[assignment]
    permission_classes = [CanParticipateOrReadOnly]
    lookup_field = "public_id"
    lookup_url_kwarg = "public_id"

    def get_town_queryset(self) -> QuerySet[Any]:
        found = public_proposals().exclude(round__phase="scheduled").order_by("submitted_at", "id")
        if self.action == "list":
            params = ProposalFilterSerializer(data=self.request.query_params.dict())
            params.is_valid(raise_exception=True)
            if params.validated_data.get("round"):
                found = found.filter(round__slug=params.validated_data["round"])
        return found

    @extend_schema(request=NewProposalSerializer, responses={201: ProposalSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = NewProposalSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        fund_round = public_round(data["round"])
        if fund_round is None:
            raise NotFound(_("There is no such round here."))
        organisation = None
        if data.get("organisation"):
            organisation = Organisation.objects.filter(slug=data["organisation"]).first()
            if organisation is None:
                raise NotFound(_("There is no such organisation here."))
        user = request.user
        assert isinstance(user, User)
        proposal = services.submit_proposal(
            fund_round=fund_round,
            proposer=user,
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            amount_cents=data["amount_cents"],
            beneficiaries=data["beneficiaries"],
            organisation=organisation,
        )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ShortlistView(TownAPIView):
    """A round's shortlist in ballot-number order (empty until the review is closed)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ProposalSerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        fund_round = public_round(slug)
        if fund_round is None:
            raise NotFound(_("There is no such round here."))
        return Response(ProposalSerializer(shortlist_of(fund_round), many=True).data)


router = SimpleRouter()
router.register("proposals", ProposalViewSet, basename="fund-proposal")

urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path(
        "rounds/<slug:slug>/shortlist/",
        ShortlistView.as_view(),
        name="fund-round-shortlist",
    ),
]

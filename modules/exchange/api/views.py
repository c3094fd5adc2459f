"""Exchange API: listings, my time account, transfers (propose, confirm, decline)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from portal.accounts.permissions import CanParticipate, CanParticipateOrReadOnly
from portal.api.base import TownAPIView, TownViewSet

from .. import selectors, services
from .serializers import (
    EntrySerializer,
    ListingFilterSerializer,
    ListingSerializer,
    ProposeTransferSerializer,
    TimeAccountSerializer,
    TransferSerializer,
)


@extend_schema_view(list=extend_schema(parameters=[ListingFilterSerializer]))
class ListingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    TownViewSet,
):
    serializer_class = ListingSerializer  # type: ignore[assignment]
    permission_classes = [CanParticipateOrReadOnly]
    lookup_field = "public_id"

    def get_town_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            # A plain dict: DRF reads a blank query value as "not given", the schema does not.
            params = ListingFilterSerializer(data=self.request.query_params.dict())
            params.is_valid(raise_exception=True)
            return selectors.open_listings(
                kind=params.validated_data.get("kind", ""),
                listing_type=params.validated_data.get("type", ""),
                query=params.validated_data.get("q", ""),
            )
        return selectors.listings_visible_to(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        listing = services.create_listing(
            owner=self.request.user,  # type: ignore[arg-type]
            kind=data["kind"],
            listing_type=data["listing_type"],
            title=data["title"],
            description=data.get("description", ""),
            minutes=data.get("minutes"),
        )
        serializer.instance = selectors.listings_visible_to(self.request.user).get(pk=listing.pk)


class AccountView(TownAPIView):
    permission_classes = [CanParticipate]

    @extend_schema(responses=TimeAccountSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        entries = selectors.entries_of(user)[:100]  # type: ignore[arg-type]
        return Response(
            {
                "balance_minutes": selectors.balance_of(user),  # type: ignore[arg-type]
                "entries": EntrySerializer(entries, many=True).data,
            }
        )


_TRANSFER_ID = extend_schema(
    parameters=[OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)]
)


@extend_schema_view(retrieve=_TRANSFER_ID, confirm=_TRANSFER_ID, decline=_TRANSFER_ID)
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    serializer_class = TransferSerializer  # type: ignore[assignment]
    permission_classes = [CanParticipate]
    lookup_field = "public_id"

    def get_town_queryset(self) -> QuerySet[Any]:
        return selectors.transfers_of(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=ProposeTransferSerializer, responses=TransferSerializer)
    def create(self, request: Request) -> Response:
        incoming = ProposeTransferSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        me = request.user
        thread = selectors.thread_for(public_id=data["thread"], user=me)  # type: ignore[arg-type]
        if thread is None or me.pk not in (thread.interested_id, thread.listing.owner_id):
            raise Http404
        other = thread.listing.owner if me.pk == thread.interested_id else thread.interested
        helped = data["direction"] == "i_helped"
        transfer = services.propose_transfer(
            proposer=me,
            payer=other if helped else me,
            payee=me if helped else other,
            minutes=data["minutes"],
            note=data["note"],
            listing=thread.listing,
        )
        transfer = self.get_town_queryset().get(pk=transfer.pk)
        body = TransferSerializer(transfer, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, public_id: str) -> Response:
        transfer = self.get_object()
        services.confirm_transfer(transfer=transfer, by=request.user)  # type: ignore[arg-type]
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, public_id: str) -> Response:
        transfer = self.get_object()
        services.decline_transfer(transfer=transfer, by=request.user)  # type: ignore[arg-type]
        return Response(self.get_serializer(self.get_object()).data)

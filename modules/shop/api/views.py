"""Shop API: public offers and businesses; the caller's orders, requests and order actions.

Every order action calls the state machine (`services.orders`): its ValidationError is a
400 in the one error shape, its PermissionDenied a 403; an order the caller is no party to
is a 404 (it does not exist for them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from portal.accounts.models import User
from portal.accounts.permissions import CanParticipate
from portal.api.base import TownViewSet

from ..models import Offer, Order
from ..selectors import find_providers
from ..selectors_offers import OfferFilters, find_offers
from ..selectors_orders import orders_visible_to
from ..services import orders as steps
from .serializers import (
    ShopAcceptSerializer,
    ShopCatalogueFilterSerializer,
    ShopCompleteSerializer,
    ShopDeclineSerializer,
    ShopOfferSerializer,
    ShopOnBehalfSerializer,
    ShopOrderDetailSerializer,
    ShopOrderSerializer,
    ShopProviderSerializer,
    ShopQuestionSerializer,
    ShopReasonSerializer,
    ShopRequestOrderSerializer,
)


def _filters(request: Request) -> OfferFilters:
    # A plain dict: DRF reads a blank query value as "not given", the schema does not.
    params = ShopCatalogueFilterSerializer(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    data = params.validated_data
    return OfferFilters(
        query=data.get("q", ""),
        category=data.get("category", ""),
        district=data.get("district", ""),
        price_model=data.get("price_model", ""),
    )


# A UUID in the address, or the router answers 404 (not a 400 from the database's cast).
UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_UUID = [OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)]


@extend_schema_view(
    list=extend_schema(parameters=[ShopCatalogueFilterSerializer]),
    retrieve=extend_schema(parameters=_UUID),
)
class OfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """Public offers of approved businesses (published, not hidden)."""

    serializer_class = ShopOfferSerializer  # type: ignore[assignment]
    permission_classes = [AllowAny]
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def get_town_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            return find_offers(_filters(self.request))
        return find_offers(OfferFilters())


@extend_schema_view(list=extend_schema(parameters=[ShopCatalogueFilterSerializer]))
class ProviderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """Approved businesses."""

    serializer_class = ShopProviderSerializer  # type: ignore[assignment]
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_town_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            return find_providers(_filters(self.request))
        return find_providers(OfferFilters())


def _person(public_id: Any) -> User | None:
    """The resident the network manager names (`on_behalf_of`), or None when not given."""
    if public_id is None:
        return None
    person = User.objects.people().filter(public_id=public_id).first()
    if person is None:  # like a made-up address: nobody of that id exists here
        raise NotFound(_("There is no such person here."))
    return person


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


def _step(request_body: type[serializers.Serializer[Any]] | None) -> Callable[..., Any]:
    return extend_schema(
        parameters=_UUID, request=request_body, responses=ShopOrderDetailSerializer
    )


@extend_schema_view(retrieve=extend_schema(parameters=_UUID, responses=ShopOrderDetailSerializer))
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """The caller's orders: as the resident, as the business's owner; the network manager
    sees all of the town's. Anyone else gets a 404 for an order."""

    serializer_class = ShopOrderSerializer  # type: ignore[assignment]
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def get_permissions(self) -> list[Any]:
        if self.action == "list" or self.action == "retrieve":
            return [IsAuthenticated()]
        return [CanParticipate()]

    def get_town_queryset(self) -> QuerySet[Any]:
        orders = orders_visible_to(self.request.user)
        if self.action != "list":
            orders = orders.prefetch_related("events")
        return orders.order_by("-requested_at", "-id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ShopOrderSerializer if self.action == "list" else ShopOrderDetailSerializer

    def _order(self) -> Order:
        order = self.get_object()
        assert isinstance(order, Order)
        return order

    def _answer(self, order: Order, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_town_queryset().get(pk=order.pk)
        return Response(
            ShopOrderDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(request=ShopRequestOrderSerializer, responses={201: ShopOrderDetailSerializer})
    def create(self, request: Request) -> Response:
        data = _valid(ShopRequestOrderSerializer, request)
        offer = Offer.objects.filter(public_id=data["offer"]).first()
        if offer is None:  # like a made-up address: nothing of that name exists here
            raise NotFound(_("There is no such offer here."))
        order = steps.request_offer(
            offer=offer,
            by=request.user,  # type: ignore[arg-type]
            need=data["need"],
            windows=[dict(window) for window in data["windows"]],
            place=data["place"],
            note=data["note"],
            contact_by=data["contact_by"],
            contact_phone=data["contact_phone"],
            on_behalf_of=_person(data["on_behalf_of"]),
        )
        return self._answer(order, status.HTTP_201_CREATED)

    @_step(ShopAcceptSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, public_id: str) -> Response:
        order = self._order()  # a 404 for non-parties before any 400 about the body
        data = _valid(ShopAcceptSerializer, request)
        order = steps.accept_order(
            order=order,
            by=request.user,  # type: ignore[arg-type]
            start=data["start"],
            end=data["end"],
            declared_value_cents=data["declared_value_cents"],
            text=data["text"],
        )
        return self._answer(order)

    @_step(ShopDeclineSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, public_id: str) -> Response:
        order = self._order()  # a 404 for non-parties before any 400 about the body
        data = _valid(ShopDeclineSerializer, request)
        order = steps.decline_order(
            order=order,
            by=request.user,  # type: ignore[arg-type]
            reason=data["reason"],
        )
        return self._answer(order)

    @_step(ShopQuestionSerializer)
    @action(detail=True, methods=["post"])
    def question(self, request: Request, public_id: str) -> Response:
        order = self._order()
        data = _valid(ShopQuestionSerializer, request)
        steps.ask_question(order=order, by=request.user, question=data["question"])  # type: ignore[arg-type]
        return self._answer(order)

    @_step(ShopOnBehalfSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, public_id: str) -> Response:
        order = self._order()  # a 404 for non-parties before any 400 about the body
        data = _valid(ShopOnBehalfSerializer, request)
        order = steps.confirm_order(
            order=order,
            by=request.user,  # type: ignore[arg-type]
            on_behalf_of=_person(data["on_behalf_of"]),
        )
        return self._answer(order)

    @_step(ShopCompleteSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, public_id: str) -> Response:
        order = self._order()  # a 404 for non-parties before any 400 about the body
        data = _valid(ShopCompleteSerializer, request)
        order = steps.complete_order(
            order=order,
            by=request.user,  # type: ignore[arg-type]
            declared_value_cents=data["declared_value_cents"],
            on_behalf_of=_person(data["on_behalf_of"]),
        )
        return self._answer(order)

    @_step(ShopReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, public_id: str) -> Response:
        order = self._order()  # a 404 for non-parties before any 400 about the body
        data = _valid(ShopReasonSerializer, request)
        order = steps.cancel_order(
            order=order,
            by=request.user,  # type: ignore[arg-type]
            reason=data["reason"],
            on_behalf_of=_person(data["on_behalf_of"]),
        )
        return self._answer(order)

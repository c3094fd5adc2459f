"""Directory API: public organisations and offerings; representatives write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.base import TownViewSet

from .. import selectors, services
from ..models import Offering, Organisation
from .serializers import (
    OfferingSerializer,
    OrganisationFilterSerializer,
    OrganisationSerializer,
    SearchResultSerializer,
)


class ParticipateToWrite(BasePermission):
    """Everyone may read; writing needs an account that may take part."""

    message = _("Only residents with a confirmed, active account may do this.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return bool(request.user.is_authenticated and request.user.can_participate)


def _service_call(func: Any, **kwargs: Any) -> Any:
    # Services raise Django's PermissionDenied and ValidationError; the API's exception
    # handler turns both into the one JSON error shape.
    return func(**kwargs)


@extend_schema_view(list=extend_schema(parameters=[OrganisationFilterSerializer]))
class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TownViewSet,
):
    """Organisations: the list shows public ones; representatives see and edit their own."""

    lookup_field = "slug"
    permission_classes = [IsAuthenticatedOrReadOnly, ParticipateToWrite]

    def get_town_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            # A plain dict: DRF reads a blank query value as "not given", the schema does not.
            params = OrganisationFilterSerializer(data=self.request.query_params.dict())
            params.is_valid(raise_exception=True)
            return selectors.find_organisations(
                query=params.validated_data.get("q", ""),
                category=params.validated_data.get("category", ""),
            )
        return Organisation.objects.prefetch_related("offerings")

    def get_serializer_class(self) -> Any:
        if self.action == "list" and self.request.query_params.get("q", "").strip():
            return SearchResultSerializer
        return OrganisationSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["review_period_days"] = services.get_settings().review_period_days
        return context

    def get_object(self) -> Organisation:
        organisation = selectors.visible_organisation(
            slug=str(self.kwargs["slug"]), user=self.request.user
        )
        if organisation is None:
            raise Http404
        return organisation

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = _service_call(
            services.register_organisation,
            created_by=self.request.user,
            fields=serializer.profile_fields(),
        )

    def perform_update(self, serializer: Any) -> None:
        organisation = serializer.instance
        if not services.can_edit(user=self.request.user, organisation=organisation):
            raise PermissionDenied(_("Only the organisation's representatives may do this."))
        serializer.instance = _service_call(
            services.update_organisation,
            organisation=organisation,
            changed_by=self.request.user,
            fields=serializer.profile_fields(),
        )
        serializer.instance = selectors.visible_organisation(
            slug=serializer.instance.slug, user=self.request.user
        )

    @extend_schema(methods=["GET"], responses=OfferingSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=OfferingSerializer, responses={201: OfferingSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=OfferingSerializer,
        pagination_class=None,  # all of one organisation's offerings, as a plain list
    )
    def offerings(self, request: Request, slug: str) -> Response:
        """The organisation's offerings; representatives add new ones."""
        organisation = self.get_object()
        if request.method == "GET":
            return Response(OfferingSerializer(organisation.offerings.all(), many=True).data)
        if not services.can_edit(user=request.user, organisation=organisation):
            raise PermissionDenied(_("Only the organisation's representatives may do this."))
        serializer = OfferingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offering = _service_call(
            services.add_offering,
            organisation=organisation,
            added_by=request.user,
            fields=dict(serializer.validated_data),
        )
        return Response(OfferingSerializer(offering).data, status=status.HTTP_201_CREATED)


class OfferingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    TownViewSet,
):
    """Offerings of public organisations; representatives change or remove theirs."""

    lookup_field = "public_id"
    serializer_class = OfferingSerializer  # type: ignore[assignment]
    permission_classes = [IsAuthenticatedOrReadOnly, ParticipateToWrite]

    def get_town_queryset(self) -> QuerySet[Any]:
        return selectors.public_offerings()

    def get_object(self) -> Offering:
        try:
            offering = Offering.objects.select_related("organisation").get(
                public_id=self.kwargs["public_id"]
            )
        except (Offering.DoesNotExist, ValidationError) as exc:
            raise Http404 from exc
        visible = selectors.visible_organisation(
            slug=offering.organisation.slug, user=self.request.user
        )
        if visible is None:
            raise Http404
        return offering

    def perform_update(self, serializer: Any) -> None:
        offering = serializer.instance
        if not services.can_edit(user=self.request.user, organisation=offering.organisation):
            raise PermissionDenied(_("Only the organisation's representatives may do this."))
        serializer.instance = _service_call(
            services.update_offering,
            offering=offering,
            changed_by=self.request.user,
            fields=dict(serializer.validated_data),
        )

    def perform_destroy(self, instance: Any) -> None:
        if not services.can_edit(user=self.request.user, organisation=instance.organisation):
            raise PermissionDenied(_("Only the organisation's representatives may do this."))
        _service_call(services.remove_offering, offering=instance, removed_by=self.request.user)

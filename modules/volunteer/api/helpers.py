"""The coordinator's helpers of a service, read-only: status and the dated checks (facts,
never documents). Anyone else gets a 403; a service of another town does not exist (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from portal.accounts.permissions import CanParticipate
from portal.api.base import TownViewSet
from portal.api.fields import TownDateField, TownDateTimeField
from portal.letters.periods import town_today

from ..access import require_coordinator
from ..models import Check, CheckKind, Helper, HelperStatus, Service
from ..selectors_helpers import helpers_of


class VolunteerCheckSerializer(serializers.Serializer[Check]):
    kind = serializers.ChoiceField(choices=CheckKind.choices, read_only=True)
    seen_on = TownDateField(read_only=True)
    valid_until = TownDateField(read_only=True, allow_null=True)
    valid_today = serializers.SerializerMethodField()

    def get_valid_today(self, check: Check) -> bool:
        return check.is_valid_on(town_today())


class VolunteerHelperSerializer(serializers.Serializer[Helper]):
    person = serializers.UUIDField(source="user.public_id", read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)
    status = serializers.ChoiceField(choices=HelperStatus.choices, read_only=True)
    joined_at = TownDateTimeField(read_only=True)
    decided_at = TownDateTimeField(read_only=True, allow_null=True)
    checks = VolunteerCheckSerializer(many=True, read_only=True)


@extend_schema_view(
    list=extend_schema(
        summary="The helpers of a service (its coordinators only)",
        parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)],
    )
)
class HelperViewSet(mixins.ListModelMixin, TownViewSet):
    """Every helper of the service with their checks, for its coordinators."""

    serializer_class = VolunteerHelperSerializer  # type: ignore[assignment]
    permission_classes = [CanParticipate]

    def get_town_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Helper.objects.none()
        service = get_object_or_404(Service, slug=self.kwargs["slug"])
        require_coordinator(self.request.user, service)  # type: ignore[arg-type]
        return helpers_of(service)

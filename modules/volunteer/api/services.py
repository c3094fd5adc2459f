"""Volunteer services in the API: the public list (with the shared search) and one service,
with its rules in the same words as the page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.permissions import AllowAny

from portal.api.base import TownViewSet
from portal.api.fields import CleanCharField

from ..models import Service, ServiceKind
from ..selectors import find_services


class VolunteerServiceFilterSerializer(serializers.Serializer[Any]):
    q = CleanCharField(max_length=200, required=False, help_text="Words to search for")
    kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)


class VolunteerServiceSerializer(serializers.ModelSerializer[Service]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    eligible_districts = serializers.ListField(child=serializers.CharField(), read_only=True)
    required_checks = serializers.ListField(child=serializers.CharField(), read_only=True)
    rules = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The eligibility rules used."
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "organisation",
            "description",
            "audience",
            "when",
            "where",
            "cost_kind",
            "allowance_cents",
            "allowance_note",
            "contact",
            "routing",
            "required_checks",
            "eligible_districts",
            "min_age",
            "situation",
            "needs_approval",
            "rules",
            "is_active",
            "url",
        ]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(parameters=[VolunteerServiceFilterSerializer]))
class VolunteerServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """Public volunteer services of approved organisations."""

    serializer_class = VolunteerServiceSerializer  # type: ignore[assignment]
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_town_queryset(self) -> QuerySet[Any]:
        if self.action != "list":
            return find_services()
        params = VolunteerServiceFilterSerializer(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return find_services(query=data.get("q", ""), kind=data.get("kind", ""))

"""The notifications API: the person's inbox (read one, read all) and their e-mail choices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from portal.accounts.models import User
from portal.api.base import TownAPIView, TownViewSet
from portal.api.fields import CleanCharField, TownModelSerializer

from . import selectors, services
from .kinds import CHOICES
from .models import Notification


class NotificationSerializer(TownModelSerializer[Notification]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="What the kind is about, in words.")
    choice = serializers.ChoiceField(choices=CHOICES, read_only=True)
    choices = serializers.ListField(child=serializers.ChoiceField(choices=CHOICES), read_only=True)


class ChooseSerializer(serializers.Serializer[Any]):
    kind = CleanCharField(max_length=40, help_text="One of the kinds the preferences list.")
    choice = serializers.ChoiceField(
        choices=CHOICES, help_text="One of the `choices` the preferences list for the kind."
    )


class MarkedSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(read_only=True)


_NOTIFICATION_ID = extend_schema(
    parameters=[OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)]
)


@extend_schema_view(read=_NOTIFICATION_ID)
class NotificationViewSet(mixins.ListModelMixin, TownViewSet):
    serializer_class = NotificationSerializer  # type: ignore[assignment]
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"

    def get_town_queryset(self) -> QuerySet[Any]:
        return selectors.inbox(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, public_id: str) -> Response:
        self.get_object()  # a 404 for another person's, another town's or none
        services.mark_read(user=request.user, public_id=public_id)  # type: ignore[arg-type]
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        marked = services.mark_all_read(user=request.user)  # type: ignore[arg-type]
        return Response(MarkedSerializer({"marked": marked}).data)


def _preferences(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": kind.key, "name": str(kind.label), "choice": choice, "choices": kind.choices}
        for kind, choice in selectors.choices_of(user)
    ]


class PreferencesView(TownAPIView):
    """How each kind of notification is e-mailed to the person; PUT sets one kind."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(PreferenceSerializer(_preferences(request.user), many=True).data)  # type: ignore[arg-type]

    @extend_schema(request=ChooseSerializer, responses=PreferenceSerializer(many=True))
    def put(self, request: Request) -> Response:
        incoming = ChooseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        services.set_preferences(user=request.user, choices={data["kind"]: data["choice"]})  # type: ignore[arg-type]
        return Response(PreferenceSerializer(_preferences(request.user), many=True).data)  # type: ignore[arg-type]

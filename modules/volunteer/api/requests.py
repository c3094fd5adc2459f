"""Help requests in the API: the resident's own list and new requests (a refusal by the
service's rules is a 400 naming every rule, in the one error shape), the helper's list
(given to them, and open pool requests), and the steps accept, done and cancel. What a
caller sees of a request is decided by `selectors_requests.request_parties`, as on the page."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from portal.accounts.models import User
from portal.accounts.permissions import CanParticipate
from portal.api.base import TownViewSet
from portal.api.fields import CleanCharField, CleanTextField, TownDateField

from ..models import HelpRequest
from ..selectors import public_services
from ..selectors_requests import (
    Parties,
    Standing,
    helper_work,
    my_requests,
    request_parties,
    requests_visible_to,
    standing_of,
)
from ..services import requests as steps

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_UUID = [OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)]


class VolunteerRequestSerializer(serializers.ModelSerializer[HelpRequest]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    service = serializers.SlugField(source="service.slug", read_only=True)
    service_title = serializers.CharField(source="service.title", read_only=True)
    address = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    helper_name = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "service",
            "service_title",
            "status",
            "needed_on",
            "time_note",
            "details",
            "address",
            "phone",
            "helper_name",
            "hours",
            "decided_reason",
            "created_at",
            "url",
        ]
        read_only_fields = fields

    # The caller's standing, read once per response (a list's rows share this serializer).
    _standing: Standing | None = None

    def _parties(self, obj: HelpRequest) -> Parties:
        user = self.context["request"].user
        if self._standing is None:
            self._standing = standing_of(user)
        return request_parties(obj, user, standing=self._standing)

    @extend_schema_field(OpenApiTypes.STR)
    def get_address(self, obj: HelpRequest) -> str:
        return str(self._parties(obj).address)

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, obj: HelpRequest) -> str:
        return str(self._parties(obj).phone)

    @extend_schema_field(OpenApiTypes.STR)
    def get_helper_name(self, obj: HelpRequest) -> str:
        return str(self._parties(obj).helper_name)


class VolunteerNewRequestSerializer(serializers.Serializer[Any]):
    service = serializers.SlugField(max_length=80)
    needed_on = TownDateField()
    details = CleanTextField(max_length=2000)
    address = CleanCharField(max_length=300)
    time_note = CleanCharField(max_length=200, required=False, allow_blank=True, default="")
    phone = CleanCharField(max_length=40, required=False, allow_blank=True, default="")
    district = CleanCharField(max_length=80, required=False, allow_blank=True, default="")
    birth_date = TownDateField(
        required=False, allow_null=True, default=None, help_text="Checked, never stored."
    )
    confirms_situation = serializers.BooleanField(required=False, default=False)
    statement = CleanCharField(max_length=500, required=False, allow_blank=True, default="")
    on_behalf_of = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The network manager's resident (needs their consent).",
    )


class VolunteerDoneSerializer(serializers.Serializer[Any]):
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("24")
    )


class VolunteerCancelSerializer(serializers.Serializer[Any]):
    reason = CleanTextField(max_length=500, required=False, allow_blank=True, default="")


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


def _person(public_id: Any) -> User | None:
    if public_id is None:
        return None
    person = User.objects.people().filter(public_id=public_id).first()
    if person is None:
        raise NotFound(_("There is no such person here."))
    return person


def _step(body: type[serializers.Serializer[Any]] | None) -> Callable[..., Any]:
    return extend_schema(parameters=_UUID, request=body, responses=VolunteerRequestSerializer)


@extend_schema_view(retrieve=extend_schema(parameters=_UUID))
class VolunteerRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """The caller's help requests (list), any request they may open (detail), new requests
    and the helper's steps; a request the caller may not open is a 404."""

    serializer_class = VolunteerRequestSerializer  # type: ignore[assignment]
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve", "helping"):
            return [IsAuthenticated()]
        return [CanParticipate()]

    def get_town_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        if not isinstance(user, User):
            return HelpRequest.objects.none()
        if self.action == "list":
            return my_requests(user)
        return requests_visible_to(user).order_by("-created_at", "-pk")

    def _caller(self) -> User:
        user = self.request.user
        assert isinstance(user, User)  # IsAuthenticated / CanParticipate
        return user

    def _request(self) -> HelpRequest:
        found = self.get_object()
        assert isinstance(found, HelpRequest)
        return found

    def _answer(self, help_request: HelpRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = requests_visible_to(self._caller()).get(pk=help_request.pk)
        return Response(
            VolunteerRequestSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(
        request=VolunteerNewRequestSerializer, responses={201: VolunteerRequestSerializer}
    )
    def create(self, request: Request) -> Response:
        data = _valid(VolunteerNewRequestSerializer, request)
        service = public_services().filter(slug=data["service"]).first()
        if service is None:
            raise NotFound(_("There is no such service here."))
        help_request = steps.send_request(
            service=service,
            by=self._caller(),
            fields=steps.RequestFields(
                needed_on=data["needed_on"],
                details=data["details"],
                address=data["address"],
                time_note=data["time_note"],
                phone=data["phone"],
                district=data["district"],
                birth_date=data["birth_date"],
                confirms_situation=data["confirms_situation"],
                statement=data["statement"],
            ),
            on_behalf_of=_person(data["on_behalf_of"]),
        )
        return self._answer(help_request, status.HTTP_201_CREATED)

    @extend_schema(responses=VolunteerRequestSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def helping(self, request: Request) -> Response:
        """The requests given to the caller, then the open pool requests they could take."""
        mine, open_pool = helper_work(self._caller())
        context = self.get_serializer_context()
        return Response(
            VolunteerRequestSerializer([*mine, *open_pool], many=True, context=context).data
        )

    @_step(None)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, public_id: str) -> Response:
        help_request = steps.accept_request(help_request=self._request(), helper=self._caller())
        return self._answer(help_request)

    @_step(VolunteerDoneSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, public_id: str) -> Response:
        help_request = self._request()
        data = _valid(VolunteerDoneSerializer, request)
        help_request = steps.complete_request(
            help_request=help_request,
            by=self._caller(),
            hours=data["hours"],
        )
        return self._answer(help_request)

    @_step(VolunteerCancelSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, public_id: str) -> Response:
        help_request = self._request()
        data = _valid(VolunteerCancelSerializer, request)
        help_request = steps.cancel_request(
            help_request=help_request,
            by=self._caller(),
            reason=data["reason"],
        )
        return self._answer(help_request)

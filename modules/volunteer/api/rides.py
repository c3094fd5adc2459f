"""The ride service's API: a resident's bookings (list, book, cancel), the dispatcher's day
and assignment, and a driver's run sheet for a day (for drivers' apps).

A ride the caller is no party to (not the resident, not its driver, not a coordinator of
its service) is a 404. The services' ValidationError is a 400 in the one error shape, their
PermissionDenied a 403."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from portal.accounts.models import User
from portal.accounts.permissions import CanParticipate
from portal.api.base import TownViewSet
from portal.api.fields import CleanCharField, CleanTextField, TownDateField, TownDateTimeField
from portal.letters.periods import town_today

from ..access import may_coordinate
from ..models import Service
from ..models_rides import Ride, RideStatus, Vehicle
from ..selectors_rides import dispatch_board, ride_service, run_sheet
from ..services.rides import assign_ride, book_ride, cancel_ride

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_UUID = [OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)]


class VolunteerRideSerializer(serializers.ModelSerializer[Ride]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    service = serializers.SlugField(source="service.slug", read_only=True)
    starts_at = TownDateTimeField(read_only=True)
    ends_at = TownDateTimeField(read_only=True)
    driver_name = serializers.SerializerMethodField()
    vehicle = serializers.SerializerMethodField()
    outward = serializers.SerializerMethodField()
    return_ride = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Ride
        fields = [
            "id",
            "service",
            "status",
            "starts_at",
            "ends_at",
            "pickup_address",
            "pickup_district",
            "destination_address",
            "destination_district",
            "passengers",
            "wheelchair",
            "companion",
            "note",
            "phone",
            "driver_name",
            "vehicle",
            "outward",
            "return_ride",
            "url",
        ]
        read_only_fields = fields

    def get_driver_name(self, ride: Ride) -> str:
        return ride.driver.full_name if ride.driver else ""

    def get_vehicle(self, ride: Ride) -> str:
        return ride.vehicle.name if ride.vehicle else ""

    def get_outward(self, ride: Ride) -> str | None:
        return str(ride.outward.public_id) if ride.outward else None

    def get_return_ride(self, ride: Ride) -> str | None:
        back = getattr(ride, "return_ride", None)
        return str(back.public_id) if back else None


class VolunteerBookRideSerializer(serializers.Serializer[Any]):
    service = serializers.SlugField(help_text="The slug of a ride service.")
    starts_at = TownDateTimeField()
    return_at = TownDateTimeField(required=False, allow_null=True, default=None)
    pickup_address = CleanCharField(max_length=300)
    pickup_district = CleanCharField(max_length=80, required=False, allow_blank=True, default="")
    destination_address = CleanCharField(max_length=300)
    destination_district = CleanCharField(
        max_length=80, required=False, allow_blank=True, default=""
    )
    passengers = serializers.IntegerField(min_value=1, max_value=20, default=1)
    wheelchair = serializers.BooleanField(default=False)
    companion = serializers.BooleanField(default=False)
    note = CleanTextField(max_length=500, required=False, allow_blank=True, default="")
    phone = CleanCharField(max_length=40, required=False, allow_blank=True, default="")
    birth_date = TownDateField(required=False, allow_null=True, default=None)
    on_behalf_of = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The network manager: the public id of the resident they book for "
        "(needs the resident's consent in the scope volunteer_requests).",
    )


class VolunteerCancelRideSerializer(serializers.Serializer[Any]):
    reason = CleanCharField(max_length=500, required=False, allow_blank=True, default="")


class VolunteerAssignRideSerializer(serializers.Serializer[Any]):
    driver = serializers.UUIDField(help_text="The public id of a driver of the service.")
    vehicle = CleanCharField(max_length=80, help_text="The name of a vehicle of the service.")


class VolunteerDaySerializer(serializers.Serializer[Any]):
    service = serializers.SlugField(help_text="The slug of a ride service.")
    day = TownDateField(required=False, default=None, help_text="The day; today when left out.")


class RideConflict(APIException):
    """A step the ride's state no longer allows (already cancelled or done): a 409."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def rides_visible_to(user: User) -> QuerySet[Ride]:
    """The rides the caller is a party to; for coordinators, their services' rides."""
    mine = Q(resident=user) | Q(driver=user)
    if user.is_moderator:
        mine = Q()
    else:
        coordinated = Service.objects.filter(
            Q(coordinator=user) | Q(organisation__representatives__user=user)
        ).values("pk")
        mine |= Q(service__in=coordinated)
    return Ride.objects.filter(mine).select_related(
        "service", "driver", "vehicle", "outward", "return_ride"
    )


def _valid(serializer_class: type[serializers.Serializer[Any]], data: Any) -> Any:
    incoming = serializer_class(data=data)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


def _service(slug: str, *, user: Any = None) -> Service:
    service = ride_service(slug, user=user)
    if service is None:
        raise NotFound(_("There is no such ride service here."))
    return service


@extend_schema_view(retrieve=extend_schema(parameters=_UUID))
class RideViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TownViewSet):
    """The caller's rides: their bookings (list), any ride they are a party to (retrieve)."""

    serializer_class = VolunteerRideSerializer  # type: ignore[assignment]
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve", "day", "run_sheet"):
            return [IsAuthenticated()]
        return [CanParticipate()]

    def get_town_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        assert isinstance(user, User)
        if self.action == "list":
            return rides_visible_to(user).filter(resident=user).order_by("-starts_at", "-pk")
        return rides_visible_to(user).order_by("starts_at", "pk")

    def _ride(self) -> Ride:
        ride = self.get_object()
        assert isinstance(ride, Ride)
        return ride

    def _answer(self, ride: Ride, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_town_queryset().get(pk=ride.pk)
        return Response(VolunteerRideSerializer(fresh).data, status=code)

    @extend_schema(request=VolunteerBookRideSerializer, responses={201: VolunteerRideSerializer})
    def create(self, request: Request) -> Response:
        data = dict(_valid(VolunteerBookRideSerializer, request.data))
        service = _service(data.pop("service"))
        person_id = data.pop("on_behalf_of")
        resident = request.user
        booked_by = None
        if person_id is not None:
            someone = User.objects.people().filter(public_id=person_id).first()
            if someone is None:
                raise NotFound(_("There is no such person here."))
            resident, booked_by = someone, request.user
        ride = book_ride(service=service, resident=resident, booked_by=booked_by, **data)  # type: ignore[arg-type]
        return self._answer(ride, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=_UUID, request=VolunteerCancelRideSerializer, responses=VolunteerRideSerializer
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, public_id: str) -> Response:
        ride = self._ride()
        data = _valid(VolunteerCancelRideSerializer, request.data)
        if ride.status not in (RideStatus.OPEN, RideStatus.ASSIGNED):
            raise RideConflict(_("This ride is already done or cancelled."))
        cancel_ride(ride=ride, by=request.user, reason=data["reason"])  # type: ignore[arg-type]
        return self._answer(ride)

    @extend_schema(
        parameters=_UUID, request=VolunteerAssignRideSerializer, responses=VolunteerRideSerializer
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, public_id: str) -> Response:
        ride = self._ride()
        if not may_coordinate(request.user, ride.service):  # type: ignore[arg-type]
            raise PermissionDenied(_("Only the service's coordinator can do this."))
        data = _valid(VolunteerAssignRideSerializer, request.data)
        driver = User.objects.people().filter(public_id=data["driver"]).first()
        vehicle = Vehicle.objects.filter(service=ride.service, name=data["vehicle"]).first()
        if driver is None or vehicle is None:
            raise NotFound(_("There is no such driver or vehicle here."))
        assign_ride(ride=ride, driver=driver, vehicle=vehicle, by=request.user)  # type: ignore[arg-type]
        return self._answer(ride)

    @extend_schema(
        parameters=[VolunteerDaySerializer], responses=VolunteerRideSerializer(many=True)
    )
    @action(detail=False, methods=["get"])
    def day(self, request: Request) -> Response:
        """The dispatcher's day: the service's rides of `day`, open ones first."""
        service, day = self._service_day(request)
        if not may_coordinate(request.user, service):  # type: ignore[arg-type]
            raise PermissionDenied(_("Only the service's coordinator can do this."))
        rides = [row.ride for row in dispatch_board(service, day=day)]
        return Response(VolunteerRideSerializer(rides, many=True).data)

    @extend_schema(
        parameters=[VolunteerDaySerializer], responses=VolunteerRideSerializer(many=True)
    )
    @action(detail=False, methods=["get"], url_path="run-sheet")
    def run_sheet(self, request: Request) -> Response:
        """The caller's run sheet as a driver: their rides of `day` in order."""
        service, day = self._service_day(request)
        rides = run_sheet(request.user, service, day=day)  # type: ignore[arg-type]
        return Response(VolunteerRideSerializer(rides, many=True).data)

    def _service_day(self, request: Request) -> tuple[Service, date]:
        data = _valid(VolunteerDaySerializer, request.query_params.dict())
        return _service(data["service"], user=request.user), data["day"] or town_today()

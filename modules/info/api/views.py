"""The info API under /api/v1/info/: reads for everyone, writes for the allowed roles."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from portal.api.base import TownAPIView, TownViewSet
from portal.api.fields import DATE_PATTERN
from portal.validation import date_problem

from .. import selectors, services
from ..models import Event, Link, Menu, News
from ..permissions import (
    can_create_events,
    can_edit_event,
    can_edit_menu,
    can_manage_links,
    can_manage_news,
    can_publish_menus,
    is_staff,
)
from .serializers import (
    CancelSerializer,
    EventCreateSerializer,
    EventSerializer,
    EventWriteSerializer,
    LinkSerializer,
    LinkWriteSerializer,
    MenuSerializer,
    MenuWriteSerializer,
    NewsSerializer,
    NewsWriteSerializer,
    OccurrenceSerializer,
)

LONGEST_RANGE = timedelta(days=92)


def _allow(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _valid(serializer: BaseSerializer[Any]) -> dict[str, Any]:
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _CrudViewSet(TownViewSet):
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def _list(self, request: Request, queryset: QuerySet[Any]) -> Response:
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, id: str) -> Response:  # noqa: A002
        return Response(self.get_serializer(self.get_object()).data)


class LinkViewSet(_CrudViewSet):
    serializer_class = LinkSerializer  # type: ignore[assignment]

    def get_town_queryset(self) -> QuerySet[Link]:
        return selectors.links()

    def list(self, request: Request) -> Response:
        return self._list(request, self.get_queryset())

    @extend_schema(request=LinkWriteSerializer, responses={201: LinkSerializer})
    def create(self, request: Request) -> Response:
        _allow(can_manage_links(request.user))
        data = _valid(LinkWriteSerializer(data=request.data))
        link = services.create_link(actor=request.user, **data)  # type: ignore[arg-type]
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinkWriteSerializer, responses=LinkSerializer)
    def update(self, request: Request, id: str) -> Response:  # noqa: A002
        link = self.get_object()
        _allow(can_manage_links(request.user))
        data = _valid(LinkWriteSerializer(data=request.data))
        link = services.update_link(actor=request.user, link=link, **data)  # type: ignore[arg-type]
        return Response(LinkSerializer(link).data)

    def destroy(self, request: Request, id: str) -> Response:  # noqa: A002
        link = self.get_object()
        _allow(can_manage_links(request.user))
        services.delete_link(actor=request.user, link=link)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class NewsViewSet(_CrudViewSet):
    """Current news for everyone; the staff see every item (?all=1 lists them)."""

    serializer_class = NewsSerializer  # type: ignore[assignment]

    def get_town_queryset(self) -> QuerySet[News]:
        if can_manage_news(self.request.user):
            return selectors.all_news()
        return selectors.current_news()

    def list(self, request: Request) -> Response:
        queryset = self.get_queryset()
        if request.query_params.get("all") != "1":
            queryset = selectors.current_news()
        return self._list(request, queryset)

    @extend_schema(request=NewsWriteSerializer, responses={201: NewsSerializer})
    def create(self, request: Request) -> Response:
        _allow(can_manage_news(request.user))
        data = _valid(NewsWriteSerializer(data=request.data))
        item = services.create_news(actor=request.user, **data)  # type: ignore[arg-type]
        return Response(NewsSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NewsWriteSerializer, responses=NewsSerializer)
    def update(self, request: Request, id: str) -> Response:  # noqa: A002
        item = self.get_object()
        _allow(can_manage_news(request.user))
        data = _valid(NewsWriteSerializer(data=request.data))
        item = services.update_news(actor=request.user, news=item, **data)  # type: ignore[arg-type]
        return Response(NewsSerializer(item).data)

    def destroy(self, request: Request, id: str) -> Response:  # noqa: A002
        item = self.get_object()
        _allow(can_manage_news(request.user))
        services.delete_news(actor=request.user, news=item)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventViewSet(_CrudViewSet):
    """Events as stored (series once each); /occurrences/ gives the dates in a range."""

    serializer_class = EventSerializer  # type: ignore[assignment]

    def get_town_queryset(self) -> QuerySet[Event]:
        return Event.objects.order_by("start", "pk")

    def list(self, request: Request) -> Response:
        queryset = self.get_queryset()
        organiser = request.query_params.get("organiser")
        if organiser:
            queryset = queryset.filter(organiser_slug=organiser)
        return self._list(request, queryset)

    @extend_schema(request=EventCreateSerializer, responses={201: EventSerializer})
    def create(self, request: Request) -> Response:
        _allow(can_create_events(request.user))
        data = _valid(EventCreateSerializer(data=request.data))
        event = services.create_event(actor=request.user, **data)  # type: ignore[arg-type]
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer, responses=EventSerializer)
    def update(self, request: Request, id: str) -> Response:  # noqa: A002
        event = cast(Event, self.get_object())
        _allow(can_edit_event(request.user, event))
        data = _valid(EventWriteSerializer(data=request.data))
        data.setdefault("district", event.district)  # set on the event form only
        event = services.update_event(actor=request.user, event=event, **data)  # type: ignore[arg-type]
        return Response(EventSerializer(event).data)

    def destroy(self, request: Request, id: str) -> Response:  # noqa: A002
        event = cast(Event, self.get_object())
        _allow(is_staff(request.user))
        services.delete_event(actor=request.user, event=event)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CancelSerializer, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, id: str) -> Response:  # noqa: A002
        event = cast(Event, self.get_object())
        _allow(can_edit_event(request.user, event))
        data = _valid(CancelSerializer(data=request.data))
        event = services.cancel_event(actor=request.user, event=event, reason=data["reason"])  # type: ignore[arg-type]
        return Response(EventSerializer(event).data)

    @extend_schema(request=None, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, id: str) -> Response:  # noqa: A002
        event = cast(Event, self.get_object())
        _allow(can_edit_event(request.user, event))
        event = services.reinstate_event(actor=request.user, event=event)  # type: ignore[arg-type]
        return Response(EventSerializer(event).data)


_DAY_SCHEMA = {"type": "string", "pattern": DATE_PATTERN, "example": "2026-05-01"}


def _day_param(request: Request, name: str, default: date) -> date:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from None
    # Far-off years overflow the time-zone arithmetic of the occurrence window.
    problem = date_problem(day)
    if problem:
        raise ValidationError({name: [problem]})
    return day


class OccurrenceListView(TownAPIView):
    """Dates of events between ?from= and ?to= (YYYY-MM-DD, at most 92 days apart)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", _DAY_SCHEMA, description="First day (default today)"),
            OpenApiParameter(
                "to", _DAY_SCHEMA, description="Last day (default +27 days; at most +92)"
            ),
            OpenApiParameter("organiser", str, description="Only this organiser's events"),
        ],
        responses=inline_serializer("OccurrenceList", {"results": OccurrenceSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        today = services.town_today()
        first = _day_param(request, "from", today)
        last = _day_param(request, "to", first + timedelta(days=27))
        if last < first:
            raise ValidationError({"to": [_("The end of the range must not be before its start.")]})
        if last - first > LONGEST_RANGE:
            raise ValidationError({"to": [_("Ask for at most 92 days at a time.")]})
        start, end = selectors.day_window(first, last)
        organiser = request.query_params.get("organiser") or None
        found = selectors.occurrences_between(start, end, organiser_slug=organiser)
        data = OccurrenceSerializer(found, many=True).data  # type: ignore[arg-type]
        return Response({"results": data})


class MenuViewSet(_CrudViewSet):
    """Today's menus for everyone; a provider (or the staff) may also reach expired ones."""

    serializer_class = MenuSerializer  # type: ignore[assignment]

    def get_town_queryset(self) -> QuerySet[Menu]:
        user = self.request.user
        if is_staff(user):
            return selectors.all_menus()
        today = services.town_today()
        visible = Menu.objects.filter(valid_until__gte=today)
        if can_publish_menus(user):
            visible = visible | Menu.objects.filter(provider_id=user.pk)
        return visible.select_related("provider").order_by("restaurant", "pk")

    def list(self, request: Request) -> Response:
        return self._list(request, selectors.todays_menus())

    @extend_schema(request=MenuWriteSerializer, responses={201: MenuSerializer})
    def create(self, request: Request) -> Response:
        _allow(can_publish_menus(request.user))
        data = _valid(MenuWriteSerializer(data=request.data))
        menu = services.publish_menu(actor=request.user, **data)  # type: ignore[arg-type]
        return Response(MenuSerializer(menu).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MenuWriteSerializer, responses=MenuSerializer)
    def update(self, request: Request, id: str) -> Response:  # noqa: A002
        menu = cast(Menu, self.get_object())
        _allow(can_edit_menu(request.user, menu))
        data = _valid(MenuWriteSerializer(data=request.data))
        menu = services.update_menu(actor=request.user, menu=menu, **data)  # type: ignore[arg-type]
        return Response(MenuSerializer(menu).data)

    def destroy(self, request: Request, id: str) -> Response:  # noqa: A002
        menu = cast(Menu, self.get_object())
        _allow(can_edit_menu(request.user, menu))
        services.delete_menu(actor=request.user, menu=menu)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)

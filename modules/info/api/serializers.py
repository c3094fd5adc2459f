"""API shapes of the info module. Writes are read by plain fields and decided by the services."""

from __future__ import annotations

from rest_framework import serializers

from portal.api.fields import StrictCharField

from ..models import Event, Link, LinkCategory, Menu, News, Recurrence
from ..recurrence import Occurrence


class LinkSerializer(serializers.ModelSerializer[Link]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    is_dead = serializers.BooleanField(read_only=True)

    class Meta:
        model = Link
        fields = ["id", "category", "title", "url", "phone", "description", "position", "is_dead"]


class LinkWriteSerializer(serializers.Serializer[Link]):
    category = serializers.ChoiceField(choices=LinkCategory.choices)
    title = StrictCharField(allow_blank=True, trim_whitespace=False)
    url = StrictCharField(allow_blank=True)
    phone = StrictCharField(allow_blank=True, required=False, default="")
    description = StrictCharField(allow_blank=True, required=False, default="")
    position = serializers.IntegerField(required=False, default=0)


class NewsSerializer(serializers.ModelSerializer[News]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = News
        fields = ["id", "title", "summary", "body", "publish_at", "expire_at"]


class NewsWriteSerializer(serializers.Serializer[News]):
    title = StrictCharField(allow_blank=True)
    summary = StrictCharField(allow_blank=True, required=False, default="")
    body = StrictCharField(allow_blank=True)
    publish_at = serializers.DateTimeField()
    expire_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class EventSerializer(serializers.ModelSerializer[Event]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    is_cancelled = serializers.BooleanField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "description",
            "organiser_name",
            "organiser_slug",
            "is_town_event",
            "place",
            "start",
            "end",
            "recurrence",
            "recurrence_until",
            "recurrence_count",
            "is_cancelled",
            "cancellation_reason",
        ]


class EventWriteSerializer(serializers.Serializer[Event]):
    title = StrictCharField(allow_blank=True)
    description = StrictCharField(allow_blank=True, required=False, default="")
    organiser_name = StrictCharField(allow_blank=True)
    organiser_slug = StrictCharField(allow_blank=True, required=False, default="")
    place = StrictCharField(allow_blank=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices, required=False, default=Recurrence.NONE
    )
    recurrence_until = serializers.DateField(required=False, allow_null=True, default=None)
    recurrence_count = serializers.IntegerField(required=False, allow_null=True, default=None)


class EventCreateSerializer(EventWriteSerializer):
    is_town_event = serializers.BooleanField(required=False, default=False)


class CancelSerializer(serializers.Serializer[Event]):
    reason = StrictCharField(allow_blank=True)


class OccurrenceSerializer(serializers.Serializer[Occurrence]):
    event = serializers.UUIDField(source="event.public_id")
    title = serializers.CharField(source="event.title")
    place = serializers.CharField(source="event.place")
    organiser_name = serializers.CharField(source="event.organiser_name")
    organiser_slug = serializers.CharField(source="event.organiser_slug")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    is_cancelled = serializers.BooleanField()
    cancellation_reason = serializers.CharField(source="event.cancellation_reason")


class MenuSerializer(serializers.ModelSerializer[Menu]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dishes = serializers.ListField(
        source="dish_lines", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Menu
        fields = ["id", "restaurant", "dishes", "note", "valid_from", "valid_until"]


class MenuWriteSerializer(serializers.Serializer[Menu]):
    restaurant = StrictCharField(allow_blank=True)
    dishes = StrictCharField(allow_blank=True, trim_whitespace=False)
    note = StrictCharField(allow_blank=True, required=False, default="")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()

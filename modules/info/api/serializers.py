"""API shapes of the info module. Writes are read by plain fields and decided by the services."""

from __future__ import annotations

from rest_framework import serializers

from portal.api.fields import (
    CleanCharField,
    CleanTextField,
    StrictRegexField,
    TownDateField,
    TownDateTimeField,
    TownModelSerializer,
    WebAddressField,
)

from ..models import (
    TEXT_MAX,
    TITLE_MAX,
    Event,
    EventCategory,
    Link,
    LinkCategory,
    Menu,
    News,
    Recurrence,
)
from ..recurrence import MAX_COUNT, Occurrence

# What the services accept, said in the schema: a phone number of digits and separators, a
# short name of lower-case letters, digits and hyphens.
PHONE = r"^\+?[0-9][0-9 ()/-]{0,37}[0-9()/-]$"
SLUG = r"^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$"


class StrictIntegerField(serializers.IntegerField):
    """Only JSON integers (DRF also takes "3" and 3.0, which the schema does not offer)."""

    def to_internal_value(self, data: object) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        value: int = super().to_internal_value(data)
        return value


class LinkSerializer(TownModelSerializer[Link]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    is_dead = serializers.BooleanField(read_only=True)

    class Meta:
        model = Link
        fields = ["id", "category", "title", "url", "phone", "description", "position", "is_dead"]


class LinkWriteSerializer(serializers.Serializer[Link]):
    category = serializers.ChoiceField(choices=LinkCategory.choices)
    title = CleanCharField(max_length=TITLE_MAX)
    url = WebAddressField(max_length=500)
    phone = StrictRegexField(PHONE, max_length=40, allow_blank=True, required=False, default="")
    description = CleanCharField(max_length=300, allow_blank=True, required=False, default="")
    position = StrictIntegerField(min_value=0, max_value=999, required=False, default=0)


class NewsSerializer(TownModelSerializer[News]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = News
        fields = ["id", "title", "summary", "body", "publish_at", "expire_at"]


class NewsWriteSerializer(serializers.Serializer[News]):
    title = CleanCharField(max_length=TITLE_MAX)
    summary = CleanCharField(max_length=300, allow_blank=True, required=False, default="")
    body = CleanTextField(max_length=TEXT_MAX)
    publish_at = TownDateTimeField()
    expire_at = TownDateTimeField(
        required=False, allow_null=True, default=None, help_text="After publish_at."
    )


class EventSerializer(TownModelSerializer[Event]):
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
            "category",
            "place",
            "district",
            "start",
            "end",
            "recurrence",
            "recurrence_until",
            "recurrence_count",
            "is_cancelled",
            "cancellation_reason",
        ]


class EventWriteSerializer(serializers.Serializer[Event]):
    title = CleanCharField(max_length=TITLE_MAX)
    description = CleanTextField(max_length=TEXT_MAX, allow_blank=True, required=False, default="")
    organiser_name = CleanCharField(max_length=120)
    organiser_slug = StrictRegexField(
        SLUG, max_length=80, allow_blank=True, required=False, default=""
    )
    category = serializers.ChoiceField(
        choices=EventCategory.choices, required=False, default=EventCategory.OTHER
    )
    place = CleanCharField(max_length=200)
    start = TownDateTimeField(help_text="At most two years ahead.")
    end = TownDateTimeField(help_text="After start; a single event must not be over yet.")
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices, required=False, default=Recurrence.NONE
    )
    recurrence_until = TownDateField(
        required=False, allow_null=True, default=None, help_text="Only for repeating events."
    )
    recurrence_count = StrictIntegerField(
        min_value=1,
        max_value=MAX_COUNT,
        required=False,
        allow_null=True,
        default=None,
        help_text="Only for repeating events, and not together with recurrence_until.",
    )


class EventCreateSerializer(EventWriteSerializer):
    is_town_event = serializers.BooleanField(required=False, default=False)


class CancelSerializer(serializers.Serializer[Event]):
    reason = CleanCharField(max_length=300)


class OccurrenceSerializer(serializers.Serializer[Occurrence]):
    event = serializers.UUIDField(source="event.public_id")
    title = serializers.CharField(source="event.title")
    place = serializers.CharField(source="event.place")
    organiser_name = serializers.CharField(source="event.organiser_name")
    organiser_slug = serializers.CharField(source="event.organiser_slug")
    category = serializers.CharField(source="event.category")
    district = serializers.CharField(source="event.district")
    start = TownDateTimeField()
    end = TownDateTimeField()
    is_cancelled = serializers.BooleanField()
    cancellation_reason = serializers.CharField(source="event.cancellation_reason")


class MenuSerializer(TownModelSerializer[Menu]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    dishes = serializers.ListField(
        source="dish_lines", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Menu
        fields = [
            "id",
            "restaurant",
            "address",
            "phone",
            "dishes",
            "note",
            "valid_from",
            "valid_until",
        ]
        read_only_fields = ["address", "phone"]  # set on the menu form


class MenuWriteSerializer(serializers.Serializer[Menu]):
    restaurant = CleanCharField(max_length=120)
    dishes = CleanTextField(max_length=3000, help_text="One dish a line.")
    note = CleanCharField(max_length=300, allow_blank=True, required=False, default="")
    valid_from = TownDateField(help_text="At most 60 days ahead.")
    valid_until = TownDateField(help_text="Not before valid_from or today; a limited span.")

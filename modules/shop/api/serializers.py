"""Serializers of the shop API. Ids are public UUIDs and slugs; e-mail addresses never
appear; the resident's place (and phone) reach the business only once it has accepted."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.fees.rules import MAX_DECLARED_VALUE_CENTS
from portal.accounts.models import User
from portal.api.fields import (
    CleanCharField,
    CleanTextField,
    StrictCharField,
    TownDateTimeField,
)
from portal.behalf.selectors import is_network_manager, may_act_for

from ..models import (
    MAX_WINDOWS,
    NEED_MAX,
    NOTE_MAX,
    PLACE_MAX,
    REASON_MAX,
    ContactBy,
    Offer,
    Order,
    OrderEvent,
    PriceModel,
    Provider,
)
from ..scopes import REQUESTS
from ..selectors_orders import Parties, order_parties


class ShopCatalogueFilterSerializer(serializers.Serializer[Any]):
    """The lists' query parameters; an unknown price model is a 400, not an empty list."""

    category = serializers.SlugField(max_length=60, required=False, help_text="A category's slug")
    district = CleanCharField(max_length=80, required=False, help_text="A district's name")
    price_model = serializers.ChoiceField(choices=PriceModel.choices, required=False)
    q = CleanCharField(max_length=100, required=False, help_text="Words to search for")


class ShopCategorySerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class ShopProviderBriefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class ShopOfferSerializer(serializers.ModelSerializer[Offer]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    category = ShopCategorySerializer(read_only=True)
    provider = ShopProviderBriefSerializer(read_only=True)
    price_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Gross, incl. VAT; null for a quote."
    )
    districts = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "description",
            "category",
            "provider",
            "price_model",
            "price_cents",
            "duration_minutes",
            "districts",
            "availability_note",
            "url",
        ]
        read_only_fields = fields


class ShopProviderSerializer(serializers.ModelSerializer[Provider]):
    districts = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    logo = serializers.CharField(source="logo_url", read_only=True)

    class Meta:
        model = Provider
        fields = [
            "slug",
            "name",
            "trade",
            "description",
            "address",
            "phone",
            "opening_hours",
            "districts",
            "logo",
            "url",
        ]
        read_only_fields = fields


class ShopWindowSerializer(serializers.Serializer[Any]):
    start = TownDateTimeField()
    end = TownDateTimeField()


class ShopOrderEventSerializer(serializers.ModelSerializer[OrderEvent]):
    class Meta:
        model = OrderEvent
        fields = ["action", "from_status", "to_status", "side", "via_link", "text", "created_at"]
        read_only_fields = fields


def _parties(order: Order, context: Any) -> Parties | None:
    """The caller's part in `order` (the page's rule); consent looked up once per resident."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    helps: dict[int, bool] = context.setdefault("_helps", {})
    if order.resident_id not in helps:
        helps[order.resident_id] = is_network_manager(user) and may_act_for(
            actor=user, person=order.resident, scope=REQUESTS
        )
    return order_parties(user, order, helps=helps[order.resident_id])


class ShopOrderSerializer(serializers.ModelSerializer[Order]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    offer = serializers.UUIDField(source="offer.public_id", read_only=True)
    provider = ShopProviderBriefSerializer(read_only=True)
    resident_name = serializers.SerializerMethodField()
    windows = ShopWindowSerializer(many=True, read_only=True)
    place = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()
    price_cents = serializers.IntegerField(read_only=True, allow_null=True)
    declared_value_cents = serializers.IntegerField(read_only=True, allow_null=True)
    appointment_start = TownDateTimeField(read_only=True, allow_null=True)
    appointment_end = TownDateTimeField(read_only=True, allow_null=True)
    answered_at = TownDateTimeField(read_only=True, allow_null=True)
    confirmed_at = TownDateTimeField(read_only=True, allow_null=True)
    completed_at = TownDateTimeField(read_only=True, allow_null=True)
    cancelled_at = TownDateTimeField(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "offer",
            "offer_title",
            "provider",
            "resident_name",
            "need",
            "windows",
            "place",
            "note",
            "contact_by",
            "contact_phone",
            "price_model",
            "price_cents",
            "declared_value_cents",
            "appointment_start",
            "appointment_end",
            "reason",
            "requested_at",
            "expires_at",
            "answered_at",
            "confirmed_at",
            "completed_at",
            "cancelled_at",
            "url",
        ]
        read_only_fields = fields

    def get_resident_name(self, order: Order) -> str:
        return order.resident.get_short_name()

    @extend_schema_field(
        {"type": "string", "description": "Empty for the business until it accepts."}
    )
    def get_place(self, order: Order) -> str:
        parties = _parties(order, self.context)
        return order.place if parties is not None and parties.sees_place(order) else ""

    @extend_schema_field(
        {"type": "string", "description": "Empty for the business until it accepts."}
    )
    def get_contact_phone(self, order: Order) -> str:
        parties = _parties(order, self.context)
        return order.contact_phone if parties is not None and parties.sees_phone(order) else ""


class ShopOrderDetailSerializer(ShopOrderSerializer):
    events = ShopOrderEventSerializer(many=True, read_only=True)

    class Meta(ShopOrderSerializer.Meta):
        fields = [*ShopOrderSerializer.Meta.fields, "events"]
        read_only_fields = fields


# --- input ----------------------------------------------------------------------------------

# What portal.validation takes for a phone number (digits, spaces, +, /, - and brackets).
PHONE_PATTERN = r"^(\+?[0-9][0-9 ()/-]{1,38})?$"
_PHONE_RE = re.compile(r"(\+?[0-9][0-9 ()/-]{1,38})?", re.ASCII)


@extend_schema_field({"type": "string", "maxLength": 40, "pattern": PHONE_PATTERN})
class PhoneField(StrictCharField):
    """A phone number or nothing, matched whole (no trimming: what the schema says is what
    is taken)."""

    default_error_messages = {
        "phone": _("A phone number may only contain digits, spaces, +, /, - and brackets.")
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=40, allow_blank=True, trim_whitespace=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not _PHONE_RE.fullmatch(value):
            self.fail("phone")
        return value


def _value_field() -> serializers.IntegerField:
    return StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_DECLARED_VALUE_CENTS,
        help_text="The order's value in cents, as the business declares it.",
    )


class StrictIntegerField(serializers.IntegerField):
    """Only JSON integers: DRF would take "30" or 30.0 too, which the schema does not offer."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        value: int = super().to_internal_value(data)
        return value


class ShopOnBehalfSerializer(serializers.Serializer[Any]):
    on_behalf_of = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The network manager: the public id of the resident they act for.",
    )


class ShopRequestOrderSerializer(ShopOnBehalfSerializer):
    offer = serializers.UUIDField(help_text="The public id of a public offer.")
    need = CleanTextField(max_length=NEED_MAX)
    # A ListField, so that the schema states minItems and maxItems too.
    windows = serializers.ListField(
        child=ShopWindowSerializer(), min_length=1, max_length=MAX_WINDOWS
    )
    place = CleanCharField(max_length=PLACE_MAX)
    note = CleanTextField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")
    contact_by = serializers.ChoiceField(choices=ContactBy.choices, default=ContactBy.EMAIL)
    contact_phone = PhoneField(required=False, default="", help_text="Needed for contact_by phone.")


class ShopAcceptSerializer(serializers.Serializer[Any]):
    start = TownDateTimeField(help_text="The proposed appointment's start.")
    end = TownDateTimeField(help_text="Its end.")
    declared_value_cents = _value_field()
    text = CleanTextField(max_length=NOTE_MAX, required=False, allow_blank=True, default="")


class ShopReasonSerializer(ShopOnBehalfSerializer):
    reason = CleanCharField(max_length=REASON_MAX, multiline=True)


class ShopDeclineSerializer(serializers.Serializer[Any]):
    reason = CleanCharField(max_length=REASON_MAX, multiline=True)


class ShopQuestionSerializer(serializers.Serializer[Any]):
    question = CleanTextField(max_length=NOTE_MAX)


class ShopCompleteSerializer(ShopOnBehalfSerializer):
    declared_value_cents = _value_field()

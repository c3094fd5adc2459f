"""Serializers of the exchange API. Ids are public UUIDs; e-mail addresses never appear."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.ledger.models import Entry
from portal.api.fields import CleanCharField, CleanTextField

from ..models import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    TITLE_MAX,
    TRANSFER_MAX_MINUTES,
    Listing,
    TimeTransfer,
)


@extend_schema_field(
    {"type": "integer", "minimum": 15, "maximum": TRANSFER_MAX_MINUTES, "multipleOf": 15}
)
class QuarterHoursField(serializers.IntegerField):
    """Time in whole quarter hours, as the time bank counts it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=15, max_value=TRANSFER_MAX_MINUTES, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        # Only JSON integers: DRF would take "30" or 30.0 too, which the schema does not offer.
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        value: int = super().to_internal_value(data)
        if value % 15:
            raise serializers.ValidationError(
                _("Time is counted in quarter hours: use 15, 30, 45, 60 … minutes.")
            )
        return value


class ListingFilterSerializer(serializers.Serializer[Any]):
    """The list's query parameters; an unknown kind or type is a 400, not an empty list."""

    kind = serializers.ChoiceField(choices=Listing.Kind.choices, required=False)
    type = serializers.ChoiceField(choices=Listing.Type.choices, required=False)
    q = CleanCharField(max_length=100, required=False, help_text="Words in the title")


class ListingSerializer(serializers.ModelSerializer[Listing]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    type = serializers.ChoiceField(source="listing_type", choices=Listing.Type.choices)
    kind = serializers.ChoiceField(choices=Listing.Kind.choices)
    title = CleanCharField(max_length=TITLE_MAX)
    description = CleanTextField(
        max_length=DESCRIPTION_MAX, allow_blank=True, required=False, default=""
    )
    minutes = QuarterHoursField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only for listings of type time (null for items).",
    )
    owner_name = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    hidden_reason = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "kind",
            "type",
            "title",
            "description",
            "minutes",
            "status",
            "owner_name",
            "photos",
            "is_hidden",
            "hidden_reason",
            "created_at",
            "expires_at",
        ]
        read_only_fields = ["status", "is_hidden", "created_at", "expires_at"]

    def get_owner_name(self, listing: Listing) -> str:
        return listing.owner.get_short_name()

    def get_photos(self, listing: Listing) -> list[dict[str, Any]]:
        return [
            {"url": photo.get_absolute_url(), "alt": photo.alt_text, "width": photo.width}
            for photo in listing.photos.all()
        ]

    def get_hidden_reason(self, listing: Listing) -> str:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.pk == listing.owner_id:
            return listing.hidden_reason
        return ""


class EntrySerializer(serializers.ModelSerializer[Entry]):
    """One line of a time account (a ledger entry in minutes)."""

    transfer = serializers.UUIDField(source="transaction.time_transfer.public_id")
    minutes = serializers.IntegerField(source="amount")
    note = serializers.CharField(source="transaction.time_transfer.note")
    counterparty = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = ["transfer", "minutes", "counterparty", "note", "created_at"]
        read_only_fields = fields

    def get_counterparty(self, entry: Entry) -> str:
        transfer = entry.transaction.time_transfer
        other = (
            transfer.to_account.owner
            if transfer.from_account.ledger_account_id == entry.account_id
            else transfer.from_account.owner
        )
        return other.get_short_name()


class TimeAccountSerializer(serializers.Serializer[Any]):
    """My time account: the balance and the latest 100 entries."""

    balance_minutes = serializers.IntegerField()
    entries = EntrySerializer(many=True)


class TransferSerializer(serializers.ModelSerializer[TimeTransfer]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    payer = serializers.SerializerMethodField()
    payee = serializers.SerializerMethodField()
    proposed_by_me = serializers.SerializerMethodField()

    class Meta:
        model = TimeTransfer
        fields = [
            "id",
            "payer",
            "payee",
            "minutes",
            "status",
            "note",
            "proposed_by_me",
            "created_at",
            "confirmed_at",
        ]
        read_only_fields = fields

    def get_payer(self, transfer: TimeTransfer) -> str:
        return transfer.from_account.owner.get_short_name()

    def get_payee(self, transfer: TimeTransfer) -> str:
        return transfer.to_account.owner.get_short_name()

    def get_proposed_by_me(self, transfer: TimeTransfer) -> bool:
        request = self.context.get("request")
        return bool(request and transfer.proposer_id == request.user.pk)


class ProposeTransferSerializer(serializers.Serializer[Any]):
    thread = serializers.UUIDField(help_text="The conversation with the other person.")
    direction = serializers.ChoiceField(choices=["i_helped", "i_was_helped"])
    minutes = QuarterHoursField()
    note = CleanTextField(max_length=NOTE_MAX, allow_blank=True, required=False, default="")

"""Serializers of the directory API; writes go through the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from portal.api.fields import CleanCharField, TownModelSerializer

from ..models import Category, Kind, Offering, Organisation


class OrganisationFilterSerializer(serializers.Serializer[Any]):
    """The list's query parameters; an unknown category is a 400, not an empty list."""

    q = CleanCharField(
        max_length=200,
        required=False,
        help_text="Search words (German, typo tolerant)",
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, help_text="Only this category"
    )


class OfferingSerializer(TownModelSerializer[Offering]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Offering
        fields = ["id", "organisation", "title", "description", "schedule"]
        read_only_fields = ["id", "organisation"]


class OrganisationSerializer(TownModelSerializer[Organisation]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), required=False, max_length=5
    )
    kind = serializers.ChoiceField(choices=Kind.choices)
    offerings = OfferingSerializer(many=True, read_only=True)
    logo = serializers.SerializerMethodField()
    may_be_outdated = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "description",
            "categories",
            "contact_name",
            "email",
            "phone",
            "website",
            "address",
            "meeting_times",
            "logo",
            "status",
            "last_reviewed_at",
            "may_be_outdated",
            "offerings",
        ]
        read_only_fields = ["id", "slug", "status", "last_reviewed_at", "offerings", "logo"]

    def get_logo(self, obj: Organisation) -> str | None:
        return obj.logo_url() or None

    def get_may_be_outdated(self, obj: Organisation) -> bool:
        days = self.context.get("review_period_days", 365)
        return obj.may_be_outdated(int(days))

    def profile_fields(self) -> dict[str, Any]:
        return dict(self.validated_data)


class SearchResultSerializer(OrganisationSerializer):
    rank = serializers.FloatField(read_only=True, required=False)
    headline = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "rank", "headline"]

    def get_headline(self, obj: Organisation) -> str:
        """An HTML excerpt: the text is escaped, <mark> is the only markup."""
        from ..search import render_headline

        return str(render_headline(getattr(obj, "headline", "")))

"""Serializers of the core town API."""

from __future__ import annotations

from rest_framework import serializers

from portal.accounts.models import User


class MeSerializer(serializers.ModelSerializer[User]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    can_participate = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "roles", "status", "can_participate", "language"]
        read_only_fields = fields


class TownInfoSerializer(serializers.Serializer[object]):
    name = serializers.CharField()
    slug = serializers.CharField()
    default_language = serializers.CharField()
    time_zone = serializers.CharField()
    enabled_modules = serializers.ListField(child=serializers.CharField())
    tagline = serializers.CharField()
    primary_colour = serializers.CharField()
    accent_colour = serializers.CharField()

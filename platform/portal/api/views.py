"""Core endpoints of a town's API: who am I, and what is this town."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from portal.branding.selectors import current_branding

from .base import TownAPIView
from .serializers import MeSerializer, TownInfoSerializer


class MeView(TownAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)  # type: ignore[arg-type]


class TownInfoView(TownAPIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=TownInfoSerializer)
    def get(self, request: Request) -> Response:
        town = request.tenant  # type: ignore[attr-defined]
        branding = current_branding()
        data = {
            "name": branding.display_name,
            "slug": town.slug,
            "default_language": town.default_language,
            "time_zone": town.time_zone,
            "enabled_modules": town.enabled_modules,
            "tagline": branding.tagline,
            "primary_colour": branding.primary_colour,
            "accent_colour": branding.accent_colour,
        }
        return Response(TownInfoSerializer(data).data)

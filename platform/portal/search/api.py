"""GET /api/v1/search/?q=…: every enabled module's hits for a query, grouped by kind."""

from __future__ import annotations

import html
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from portal.api.base import TownAPIView

from . import selectors
from .groups import SearchGroup, SearchHit
from .query import MAX_QUERY_LENGTH, BadSearch, parse_query


class SearchHitSerializer(serializers.Serializer[SearchHit]):
    title = serializers.CharField()
    url = serializers.CharField(help_text="A path in the portal, or a web address if external.")
    excerpt = serializers.SerializerMethodField(help_text="Plain text around the words found.")
    meta = serializers.CharField()
    external = serializers.BooleanField()

    def get_excerpt(self, hit: SearchHit) -> str:
        return html.unescape(strip_tags(str(hit.excerpt)))


class SearchGroupSerializer(serializers.Serializer[SearchGroup]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF takes it as a field
    total = serializers.IntegerField(help_text="How many match in all; `hits` holds the first.")
    estimated = serializers.BooleanField(
        help_text="`total` is an estimate, rounded: too many match to count them exactly."
    )
    more_url = serializers.CharField(help_text="The module's own page for this search, or ''.")
    hits = SearchHitSerializer(many=True)


class SearchResultSerializer(serializers.Serializer[dict[str, Any]]):
    q = serializers.CharField()
    groups = SearchGroupSerializer(many=True)


class SearchAPIView(TownAPIView):
    """Search every module the town has switched on (the same search as the page)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="The words to look for."),
            OpenApiParameter("group", str, description="Only this group, up to 100 hits."),
        ],
        responses=SearchResultSerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("q")
        try:
            query = parse_query(raw, group=request.query_params.get("group", ""))
        except BadSearch as exc:
            raise ValidationError({"q": [str(exc)]}) from exc
        if query is None:
            message = _(
                "Please enter the words you are looking for (at most %(count)d characters)."
            )
            raise ValidationError({"q": [message % {"count": MAX_QUERY_LENGTH}]})
        # Unfound searches are recorded by the page only, for logged-in people (bots).
        groups = selectors.search_everything(query)
        return Response(SearchResultSerializer({"q": query.text, "groups": groups}).data)

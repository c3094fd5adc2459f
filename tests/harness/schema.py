"""The API's operations as the OpenAPI schema (drf-spectacular) states them."""

from __future__ import annotations

import re
from functools import cache

from drf_spectacular.generators import SchemaGenerator

from .routes import Route

_HTTP = {"get", "post", "put", "patch", "delete"}


@cache
def api_operations() -> dict[str, tuple[str, ...]]:
    """{"/api/v1/info/links/{id}/": ("GET", "PUT", …)} for every path in the schema."""
    schema = SchemaGenerator(urlconf="portal.urls_town").get_schema(request=None, public=True)
    return {
        path: tuple(sorted(method.upper() for method in item if method in _HTTP))
        for path, item in schema["paths"].items()
    }


def schema_path(route: Route) -> str:
    """The route in the schema's notation: converters and named groups become {name}."""
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route.pattern)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return "/" + text

"""The API's page-number pagination, strict about its two parameters.

DRF quietly falls back to the default page size for `?page_size=abc` or `-3` (and takes the
last of repeated values); the schema promises integers in a range, so anything else is a 400
that says so.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

MAX_PAGE = 1_000_000


class TownPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def _integer(self, request: Request, name: str, highest: int) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        raw = values[0]
        if (
            len(values) > 1
            or not raw.isascii()
            or not raw.isdigit()
            or not 1 <= int(raw) <= highest
        ):
            raise ValidationError(
                {name: [_("Enter a whole number from 1 to %(highest)d.") % {"highest": highest}]}
            )
        return int(raw)

    def get_page_size(self, request: Request) -> int:
        size = self._integer(request, self.page_size_query_param, self.max_page_size)
        return size if size is not None else self.page_size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self._integer(request, self.page_query_param, MAX_PAGE)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        limits = {self.page_query_param: MAX_PAGE, self.page_size_query_param: self.max_page_size}
        for parameter in parameters:
            parameter["schema"] = {
                "type": "integer",
                "minimum": 1,
                "maximum": limits[parameter["name"]],
            }
        return parameters

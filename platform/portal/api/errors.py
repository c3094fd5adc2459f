"""One JSON shape for every API error: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    fields: dict[str, list[str]] = {}
    message = ""
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = str(_("The data sent is not valid."))
        if isinstance(data, dict):
            fields = {
                key: [str(v) for v in (value if isinstance(value, list) else [value])]
                for key, value in data.items()
            }
            message = (
                "; ".join(
                    msg for key, msgs in fields.items() if key == "non_field_errors" for msg in msgs
                )
                or message
            )
        elif isinstance(data, list):
            message = "; ".join(str(item) for item in data)
    elif isinstance(data, dict) and "detail" in data:
        message = str(data["detail"])
        code = getattr(data["detail"], "code", code)
    if response.status_code == status.HTTP_404_NOT_FOUND:
        code, message = "not_found", str(_("Not found."))
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response

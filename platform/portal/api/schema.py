"""The OpenAPI schema's truth about errors and authentication, decided once for every view.

`TownAutoSchema` (DRF's DEFAULT_SCHEMA_CLASS) adds to each operation the error answers the
shared pipeline can give, all in the one error shape of `errors.py`, and marks operations an
anonymous visitor may call as such (security `{}`), by asking the view's own permission
classes about an anonymous request. No view needs a decoration for this.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory


class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="A stable code, e.g. invalid, not_found.")
    message = serializers.CharField(help_text="A sentence for people, in their language.")
    # DRF takes declared fields off the class, so the name does not shadow `.fields`.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per field of the request, what is wrong with it.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()


_DESCRIPTIONS = {
    "400": "The request is not valid (see error.fields).",
    "401": "Not logged in, or the token is not valid.",
    "403": "Logged in, but not allowed to do this.",
    "404": "No such object here, or the module is off in this town.",
    "405": "This method is not allowed here.",
    "406": "The Accept header asks for a format the API cannot give.",
    "409": "The object's state does not allow this now.",
    "415": "The body's content type is not supported.",
    "429": "Too many requests; try again later.",
}


class TownAutoSchema(AutoSchema):
    def _anonymous_may_call(self) -> bool:
        django_request = APIRequestFactory().generic(self.method, self.path)
        request = Request(django_request)
        request.user = AnonymousUser()
        try:
            return all(
                permission.has_permission(request, self.view)
                for permission in self.view.get_permissions()
            )
        except Exception:  # a permission that needs more of the request: not anonymous
            return False

    def get_auth(self) -> list[dict[str, Any]]:
        auths = [auth for auth in super().get_auth() if auth]
        if self._anonymous_may_call():
            auths.append({})
        return auths

    def _error_codes(self) -> list[str]:
        codes = ["401", "404", "406"]
        has_input = bool(self._get_request_body() or self._get_parameters())  # type: ignore[no-untyped-call]
        writes = self.method not in ("GET", "HEAD", "OPTIONS")
        if has_input or writes:
            codes.append("400")
        if writes or not self._anonymous_may_call():
            codes.append("403")
        if writes:
            codes += ["409", "415"]
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]),
                    code,
                    direction=direction,
                )
        return responses

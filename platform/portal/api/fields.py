"""Serializer fields shared by the town and the operator API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A CharField that takes only JSON strings: DRF's own turns the number 123 (or true)
    into the text "123", so a wrong type would pass as valid input."""

    default_error_messages = {"not_text": _("This must be text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        value: str = super().to_internal_value(data)
        return value

"""Small pieces the exchange's views share."""

from __future__ import annotations

from typing import Any

__all__ = ["query_value"]


def query_value(data: Any, key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else ""

"""Small pieces the exchange's views share."""

from __future__ import annotations

from typing import Any

__all__ = ["hours", "query_value"]


def hours(minutes: int) -> str:
    sign = "−" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h}:{m:02d}"


def query_value(data: Any, key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else ""

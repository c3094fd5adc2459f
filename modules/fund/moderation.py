"""The fund's items in the moderation queue (part "proposals": replace this file)."""

from __future__ import annotations

from typing import Any

MODERATION: Any = None

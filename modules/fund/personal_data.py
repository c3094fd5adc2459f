"""What the fund keeps of a person (part "proposals": replace this file)."""

from __future__ import annotations

from typing import Any

FUND: Any = None

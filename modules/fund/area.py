"""The fund's part of a person's area (part "proposals": replace this file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from portal.registry import AreaItem


def personal_area(user: Any) -> Sequence[AreaItem]:
    return ()

"""What code outside tenants/ may know about its town, without importing tenants' models.

Views have the town as `request.tenant` (`portal.requests.TownRequest`); demo loaders and
other code that is handed a town annotate it as `TownFacts`, read-only.
"""

from __future__ import annotations

from typing import Protocol


class TownFacts(Protocol):
    """The read-only face of a town: enough to name it and build addresses, nothing to save."""

    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def default_language(self) -> str: ...

    @property
    def time_zone(self) -> str: ...

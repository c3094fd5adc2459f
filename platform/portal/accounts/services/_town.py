"""The current town of a service call, and absolute links to its host."""

from __future__ import annotations

from tenants.current import current_town
from tenants.models import Town


def require_town() -> Town:
    """The town of this request or task; accounts services never run in the public schema."""
    tenant = current_town()
    if tenant is None:
        raise RuntimeError("Accounts of residents exist only inside a town.")
    return tenant

"""The current town of a service call, and absolute links to its host."""

from __future__ import annotations

from django.conf import settings

from tenants.current import current_town
from tenants.models import Town


def town_url(path: str) -> str:
    """An absolute URL on the current town's host, for links in e-mails."""
    tenant = require_town()
    domain = tenant.get_primary_domain()
    host = domain.domain if domain else f"{tenant.slug}.{settings.LQ_BASE_DOMAIN}"
    port = f":{settings.LQ_PUBLIC_PORT}" if settings.LQ_PUBLIC_PORT else ""
    return f"{settings.LQ_PUBLIC_SCHEME}://{host}{port}{path}"


def require_town() -> Town:
    """The town of this request or task; accounts services never run in the public schema."""
    tenant = current_town()
    if tenant is None:
        raise RuntimeError("Accounts of residents exist only inside a town.")
    return tenant

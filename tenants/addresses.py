"""Where a town is reached: its host name and absolute URLs on it (for links in e-mails)."""

from __future__ import annotations

from django.conf import settings

from .current import current_town


def town_host(slug: str) -> str:
    return f"{slug}.{settings.LQ_BASE_DOMAIN}"


def town_base_url(slug: str) -> str:
    """The address of a town's portal as people type it, e.g. https://weil-der-stadt.lq.de."""
    port = f":{settings.LQ_PUBLIC_PORT}" if settings.LQ_PUBLIC_PORT else ""
    return f"{settings.LQ_PUBLIC_SCHEME}://{town_host(slug)}{port}"


def town_url(path: str) -> str:
    """An absolute URL on the current town's host, for links in e-mails."""
    tenant = current_town()
    if tenant is None:
        raise RuntimeError("Accounts of residents exist only inside a town.")
    domain = tenant.get_primary_domain()
    host = domain.domain if domain else town_host(tenant.slug)
    port = f":{settings.LQ_PUBLIC_PORT}" if settings.LQ_PUBLIC_PORT else ""
    return f"{settings.LQ_PUBLIC_SCHEME}://{host}{port}{path}"

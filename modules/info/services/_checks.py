"""The info services' permission backstop; input rules are the shared portal.validation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(allowed: bool) -> None:
    """Refuse a write the acting user may not make (views check first; this is the backstop)."""
    if not allowed:
        raise PermissionDenied(_("You may not do this."))

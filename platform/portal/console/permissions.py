"""Who may use the town console: the town's administrators (and moderators for approvals).

Both guards are the accounts role guards: anonymous visitors go to the login page, blocked
accounts and people without the role get a 403 page that says why. A town administrator
passes the moderator guard too (accounts.models.IMPLIED_ROLES).
"""

from __future__ import annotations

from portal.accounts.models import Role
from portal.accounts.permissions import View, role_required

town_admin_required = role_required(Role.TOWN_ADMIN)
moderator_required = role_required(Role.MODERATOR)

__all__ = ["View", "moderator_required", "town_admin_required"]

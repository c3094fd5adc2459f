"""Writes on accounts, by topic: registration under the town's residency policy, e-mailed
links, profile, roles, and what happens to a person (approval, rejection, blocking).

`from portal.accounts.services import x` keeps working for every service.
"""

from tenants.addresses import town_url

from ._town import require_town
from .people import approve_user, block_user, reject_user, unblock_user
from .profile import change_email, update_profile
from .registration import (
    create_invitation,
    create_town_admin,
    find_invitation,
    normalise_invitation_code,
    register_resident,
)
from .roles import GRANTABLE_ROLES, grant_role, revoke_role, set_user_roles
from .verification import (
    send_set_password_email,
    send_verification_email,
    set_password_from_link,
    verify_email,
)
from .your_data import build_data_export, delete_account, request_data_export

__all__ = [
    "GRANTABLE_ROLES",
    "approve_user",
    "block_user",
    "build_data_export",
    "change_email",
    "create_invitation",
    "create_town_admin",
    "delete_account",
    "find_invitation",
    "grant_role",
    "normalise_invitation_code",
    "register_resident",
    "reject_user",
    "request_data_export",
    "require_town",
    "revoke_role",
    "send_set_password_email",
    "send_verification_email",
    "set_password_from_link",
    "set_user_roles",
    "town_url",
    "unblock_user",
    "update_profile",
    "verify_email",
]

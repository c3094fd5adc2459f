"""Writes of the town console: the town's settings row and invitations. Blocking, unblocking
and rejecting people are accounts' services (one rule set for the console and every module)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import Invitation, User
from tenants.lists import POSTCODE_PATTERN
from tenants.models import Module, ResidencyPolicy, Town
from tenants.routing import forget_towns

POSTCODE_RE = re.compile(POSTCODE_PATTERN)
MAX_POSTCODES = 200
MAX_DISTRICTS = 200
DISTRICT_MAX_LENGTH = 80


def _require_admin(user: User) -> None:
    if not user.is_town_admin:
        raise PermissionDenied(_("Only the town's administrators can do this."))


def _locked_town(town: Town) -> Town:
    # The Town row lives in the public schema, which is on every town's search path.
    row: Town = Town.objects.select_for_update().get(pk=town.pk)
    return row


@transaction.atomic
def update_enabled_modules(*, town: Town, modules: Iterable[str], changed_by: User) -> Town:
    """Switch the town's modules on and off (modules not built yet show 'coming soon')."""
    _require_admin(changed_by)
    wanted = {str(module) for module in modules}
    unknown = wanted - set(Module.values)
    if unknown:
        raise ValidationError(
            {"modules": [_("Unknown module: %(names)s") % {"names": ", ".join(sorted(unknown))}]}
        )
    row = _locked_town(town)
    old = list(row.enabled_modules)
    # Stored in the order of Module, so that the home page's tiles keep their places.
    row.enabled_modules = [module for module in Module.values if module in wanted]
    if row.enabled_modules != old:
        row.save(update_fields=["enabled_modules", "updated_at"])
        record_audit(
            actor=changed_by,
            action="modules_changed",
            detail={"from": old, "to": row.enabled_modules},
        )
        transaction.on_commit(forget_towns)
    forget_towns()
    return row


def _clean_postcodes(postcodes: Iterable[str], errors: dict[str, list[str]]) -> list[str]:
    cleaned: list[str] = []
    for raw in postcodes:
        code = raw.strip()
        if not code:
            continue
        if not POSTCODE_RE.match(code):
            errors.setdefault("postcodes", []).append(
                _("“%(code)s” is not a postcode; a postcode has five digits.") % {"code": code[:20]}
            )
        elif code not in cleaned:
            cleaned.append(code)
    if len(cleaned) > MAX_POSTCODES:
        errors.setdefault("postcodes", []).append(
            _("A town may have at most %(max)d postcodes.") % {"max": MAX_POSTCODES}
        )
    return cleaned


def _clean_districts(districts: Iterable[str], errors: dict[str, list[str]]) -> list[str]:
    cleaned: list[str] = []
    for raw in districts:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > DISTRICT_MAX_LENGTH:
            errors.setdefault("districts", []).append(
                _("A district name may have at most %(max)d characters: “%(name)s…”")
                % {"max": DISTRICT_MAX_LENGTH, "name": name[:30]}
            )
        elif name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > MAX_DISTRICTS:
        errors.setdefault("districts", []).append(
            _("A town may have at most %(max)d districts.") % {"max": MAX_DISTRICTS}
        )
    return cleaned


@transaction.atomic
def update_residency_policy(
    *,
    town: Town,
    policy: str,
    postcodes: Iterable[str],
    districts: Iterable[str],
    changed_by: User,
) -> Town:
    """Set who may register (and the town's postcodes and districts); all problems at once."""
    _require_admin(changed_by)
    errors: dict[str, list[str]] = {}
    if policy not in ResidencyPolicy.values:
        errors["policy"] = [_("Please choose one of the residency policies.")]
    clean_postcodes = _clean_postcodes(postcodes, errors)
    clean_districts = _clean_districts(districts, errors)
    if policy == ResidencyPolicy.POSTCODE and not clean_postcodes and "postcodes" not in errors:
        errors["postcodes"] = [_("The policy “postcode” needs at least one postcode of the town.")]
    if errors:
        raise ValidationError(errors)
    row = _locked_town(town)
    old = {
        "policy": row.residency_policy,
        "postcodes": list(row.postcodes),
        "districts": list(row.districts),
    }
    new = {"policy": policy, "postcodes": clean_postcodes, "districts": clean_districts}
    if new != old:
        row.residency_policy = policy
        row.postcodes = clean_postcodes
        row.districts = clean_districts
        row.save(update_fields=["residency_policy", "postcodes", "districts", "updated_at"])
        record_audit(actor=changed_by, action="residency_changed", detail={"from": old, "to": new})
        transaction.on_commit(forget_towns)
    forget_towns()
    return row


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, revoked_by: User) -> Invitation:
    """End an invitation code now; registrations already made with it stay."""
    _require_admin(revoked_by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    if invitation.expires_at <= now:
        raise ValidationError(_("This invitation has already ended."))
    invitation.expires_at = now
    invitation.save(update_fields=["expires_at"])
    record_audit(actor=revoked_by, action="invitation_revoked", detail={"code": invitation.code})
    return invitation

"""Who may do what in the LQ Fonds: one place for the rules every page, API view and
service asks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from modules.directory.models import Representative
from portal.accounts.models import Role, User
from portal.behalf.selectors import is_network_manager

from .models import Proposal


def _active(user: User | None) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.status != User.Status.BLOCKED
    )


def may_administer(user: User | None) -> bool:
    """Run the fund: settings, rounds by hand, payouts and transfers (town administrators)."""
    return _active(user) and user is not None and user.is_town_admin


def is_member(user: User | None) -> bool:
    """A member of the fund committee (the chair is one too)."""
    return _active(user) and user is not None and user.has_role(Role.COMMITTEE)


def is_chair(user: User | None) -> bool:
    """The committee's chair, who closes the review with the shortlist."""
    return _active(user) and user is not None and user.has_role(Role.COMMITTEE_CHAIR)


def may_enter_paper_ballots(user: User | None) -> bool:
    """Enter a paper ballot: a poll worker or a network manager."""
    if not _active(user) or user is None:
        return False
    return user.has_role(Role.POLL_WORKER) or is_network_manager(user)


def represents(user: User | None, proposal: Proposal) -> bool:
    """Whether `user` represents the proposal's organisation."""
    if user is None or proposal.organisation_id is None:
        return False
    return Representative.objects.filter(
        organisation_id=proposal.organisation_id, user_id=user.pk
    ).exists()


def owns(user: User | None, proposal: Proposal) -> bool:
    """The proposer, or a representative of the proposal's organisation."""
    if not _active(user) or user is None:
        return False
    return proposal.proposer_id == user.pk or represents(user, proposal)


def require_administrator(user: User | None) -> None:
    if not may_administer(user):
        raise PermissionDenied(_("Only the town's administrators can do this."))


def require_member(user: User | None) -> None:
    if not is_member(user):
        raise PermissionDenied(_("Only members of the fund committee can do this."))


def require_chair(user: User | None) -> None:
    if not is_chair(user):
        raise PermissionDenied(_("Only the chair of the fund committee can do this."))

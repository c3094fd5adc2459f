"""Who may vote in the LQ Fonds: a participating, verified resident of the town under its
residency policy. One function answers for the ballot page, the API, paper ballots and the
voting-open message."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from portal.accounts.models import ParticipationBlock, User, UserQuerySet
from portal.accounts.selectors import residency_postcodes


def vote_refusal(user: User | None) -> str | None:
    """Why `user` may not vote in this town, in words, or None if they may.

    A managed resident (no e-mail) votes on paper or through the network office: the
    network manager vouches for them instead of a confirmed address."""
    if user is None or not user.is_authenticated:
        return _("Please log in to vote.")
    block = user.participation_block
    if block == ParticipationBlock.BLOCKED:
        return _("Your account is blocked, so you cannot vote.")
    if block == ParticipationBlock.PENDING:
        return _(
            "Your account is still waiting for approval by the network office; "
            "you can vote once it is approved."
        )
    if block == ParticipationBlock.UNVERIFIED:
        return _("Please confirm your e-mail address first; then you can vote.")
    postcodes = residency_postcodes()
    if postcodes is not None and user.postcode not in postcodes:
        return _(
            "Only residents of the town vote in the LQ Fonds (postcodes %(codes)s). "
            "Please check the postcode in your profile."
        ) % {"codes": ", ".join(postcodes)}
    return None


def eligible_voters() -> UserQuerySet:
    """Everyone `vote_refusal` lets vote, as one query (for the voting-open message)."""
    people = User.objects.people().filter(is_active=True, status=User.Status.ACTIVE)
    people = people.filter(Q(email_verified_at__isnull=False) | Q(is_managed=True))
    postcodes = residency_postcodes()
    if postcodes is not None:
        people = people.filter(postcode__in=postcodes)
    return people

"""Handing a profile the network manager set up over to its business: a signed, single-use,
expiring link; opening it while logged in makes that person the profile's owner."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import Role, User
from portal.accounts.permissions import require_moderator
from portal.accounts.services import grant_role
from tenants.signed_links import make_link_token, read_link_token

from ..models import Provider

CLAIM_PURPOSE = "shop-claim"
CLAIM_DAYS = 14
CLAIM_MAX_AGE = CLAIM_DAYS * 24 * 3600


def _invalid() -> ValidationError:
    return ValidationError(_("This link is not valid, has expired or has already been used."))


def make_claim_token(*, provider: Provider, made_by: User) -> str:
    """A link token for handing over `provider` (a moderator's, for a profile without owner)."""
    require_moderator(made_by)
    if provider.owner_id is not None:
        raise ValidationError(_("This business profile already has an owner."))
    return make_link_token(
        purpose=CLAIM_PURPOSE, payload={"p": str(provider.public_id)}, single_use=True
    )


def read_claim(token: str) -> Provider | None:
    """The unowned provider a genuine, fresh link was made for in this town, else None.
    Reading does not use the link up (claim_provider does)."""
    data = read_link_token(purpose=CLAIM_PURPOSE, token=token, max_age=CLAIM_MAX_AGE)
    if data is None or "p" not in data:
        return None
    return Provider.objects.filter(public_id=data["p"], owner__isnull=True).first()


@transaction.atomic
def claim_provider(*, token: str, user: User) -> Provider:
    """Make `user` the owner (and a provider); a link works once."""
    if not user.can_participate:
        raise PermissionDenied(
            _("Please confirm your e-mail address first; then open the link again.")
        )
    found = read_claim(token)
    if found is None:
        raise _invalid()
    if (
        read_link_token(purpose=CLAIM_PURPOSE, token=token, max_age=CLAIM_MAX_AGE, single_use=True)
        is None
    ):
        raise _invalid()
    provider = Provider.objects.select_for_update().get(pk=found.pk)
    if provider.owner_id is not None:
        raise _invalid()
    provider.owner = user
    provider.claimed_at = timezone.now()
    provider.save(update_fields=["owner", "claimed_at"])
    if not user.has_role(Role.PROVIDER):
        grant_role(user=user, role=Role.PROVIDER, reason="shop_claim")
    record_audit(actor=user, action="shop_provider_claimed", target=provider)
    return provider

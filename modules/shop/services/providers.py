"""Creating, editing, approving and rejecting provider profiles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts.audit import record_audit
from portal.accounts.models import Role, User
from portal.accounts.services import town_url
from portal.moderation import services as kit
from portal.notify import notify
from portal.validation import clean_reason

from ..images import reencode_logo
from ..models import Provider, ShopSettings
from ..notification_kinds import PROVIDER_NEWS
from ..selectors import can_edit
from ._fields import PROFILE_FIELDS, REQUIRED, apply_fields
from ._slugs import unique_slug

__all__ = ["PROFILE_FIELDS", "approve_provider", "create_provider", "reject_provider"]


def _save_logo(provider: Provider, logo: UploadedFile[Any] | None) -> bool:
    if logo is None:
        return False
    content = reencode_logo(logo)
    provider.logo.save(content.name or "logo.png", content, save=False)
    return True


@transaction.atomic
def create_provider(
    *, created_by: User, fields: dict[str, Any], logo: UploadedFile[Any] | None = None
) -> Provider:
    """A new profile waiting for a moderator, or public at once where the town's shop
    settings say new businesses need no approval (audited either way by the kit or here).
    A provider creates their own (and owns it); the network manager creates one for a
    business, without an owner until it is claimed."""
    if not created_by.can_participate:
        raise PermissionDenied(_("Only people who may take part can create a business profile."))
    if created_by.is_moderator:
        owner = None
    elif created_by.has_role(Role.PROVIDER):
        owner = created_by
    else:
        raise PermissionDenied(_("Only businesses (role provider) can create a business profile."))
    provider = Provider(created_by=created_by, owner=owner)
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise ValidationError({name: _("Please fill in this field.") for name in missing})
    apply_fields(provider, fields)
    provider.slug = unique_slug(Provider, provider.name, max_length=70, fallback="provider")
    provider.full_clean(exclude=["logo"])
    _save_logo(provider, logo)
    if ShopSettings.current().providers_need_approval:
        provider.save()
        kit.announce_pending(target=provider, what=gettext_noop("Business"))
        return provider
    now = timezone.now()
    provider.status = Provider.Status.APPROVED
    provider.approved_at = provider.reviewed_at = now
    provider.save()
    record_audit(
        actor=created_by,
        action="shop_provider_approved_at_once",
        target=provider,
        detail={"why": "providers_need_approval is off"},
    )
    return provider


@transaction.atomic
def update_provider(
    *,
    provider: Provider,
    changed_by: User,
    fields: dict[str, Any],
    logo: UploadedFile[Any] | None = None,
    remove_logo: bool = False,
) -> Provider:
    """Edits by the owner or a moderator go live at once."""
    if not can_edit(user=changed_by, provider=provider):
        raise PermissionDenied(_("Only the business's owner may change this profile."))
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    changed = apply_fields(provider, fields)
    provider.full_clean(exclude=["logo", "slug"])
    if _save_logo(provider, logo):
        changed.append("logo")
    elif remove_logo and provider.logo:
        provider.logo = ""
        changed.append("logo")
    if changed:
        provider.updated_at = timezone.now()
        provider.save(update_fields=[*changed, "updated_at"])
    return provider


def _tell_owner(provider: Provider, template: str, **context: Any) -> None:
    if provider.owner is None or provider.owner.is_managed:
        return
    link = town_url(reverse("shop:detail", args=[provider.slug]))
    notify(
        provider.owner,
        template,
        context={"provider": provider.name, "link": link, **context},
        kind=PROVIDER_NEWS.key,
    )


@transaction.atomic
def approve_provider(*, provider: Provider, approved_by: User) -> Provider:
    """Make a waiting (or earlier rejected) profile public."""
    try:
        provider = kit.approve(target=provider, moderator=approved_by)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "state":
            raise
        raise ValidationError(_("This business is already public.")) from exc
    provider.approved_at = provider.reviewed_at or timezone.now()
    provider.save(update_fields=["approved_at"])
    _tell_owner(provider, "shop/approved")
    return provider


@transaction.atomic
def reject_provider(*, provider: Provider, rejected_by: User, reason: str) -> Provider:
    """Refuse a waiting profile, telling its owner why."""
    reason = clean_reason(
        reason,
        required=True,
        max_length=500,
        required_message=_("Please say why, so the business can fix it."),
        too_long_message=_("Please keep the reason under %(max)d characters."),
    )
    try:
        provider = kit.reject(target=provider, moderator=rejected_by, reason=reason)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "state":
            raise
        raise ValidationError(_("Only businesses waiting for approval can be rejected.")) from exc
    _tell_owner(provider, "shop/rejected", reason=reason)
    return provider

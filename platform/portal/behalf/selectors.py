"""Reads of acting on behalf: whom a network manager looks after, and who may act for whom."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import ParticipationBlock, Role, User
from portal.accounts.selectors import active_moderators

from .models import Consent
from .scopes import ConsentScope, consent_scope, consent_scopes, scope_label


def _valid_now() -> Q:
    today = timezone.localdate()
    return Q(revoked_at__isnull=True, valid_from__lte=today) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def valid_consents() -> QuerySet[Consent]:
    """Consents in force today (not revoked, within their dates)."""
    return Consent.objects.filter(_valid_now())


def people_helped(*, query: str = "") -> QuerySet[User]:
    """Managed residents and everyone with a consent in force, by name; or a name search
    over all residents (to record a consent for someone who has an account)."""
    people = User.objects.people().select_related("managed_profile").order_by("full_name", "pk")
    if query:
        return people.filter(Q(full_name__icontains=query) | Q(email__iexact=query))[:50]
    has_consent = valid_consents().filter(person=OuterRef("pk"))
    return people.filter(Q(is_managed=True) | Q(Exists(has_consent)))


def person_for(*, public_id: UUID | str) -> User | None:
    """A resident of the current town by public id (None for another town's id)."""
    return (
        User.objects.people().select_related("managed_profile").filter(public_id=public_id).first()
    )


def consents_of(person: User) -> QuerySet[Consent]:
    """Every consent a person gave, newest first, with who recorded it and for whom."""
    return Consent.objects.filter(person=person).select_related("helper", "recorded_by")


def consent_for(*, public_id: UUID | str) -> Consent | None:
    return Consent.objects.select_related("person").filter(public_id=public_id).first()


def may_act_for(*, actor: User, person: User, scope: str) -> bool:
    """Whether `actor` holds a consent in force to act for `person` in `scope`."""
    return (
        valid_consents()
        .filter(person=person, scopes__contains=[scope])
        .filter(Q(helper__isnull=True) | Q(helper=actor))
        .exists()
    )


def deletion_refusal(*, actor: User, person: User) -> str | None:
    """Why `actor` may not delete the account of `person` for them, or None if they may.

    Only a managed resident's account (the others delete their own with their password),
    and only by a town administrator or a network manager holding a consent of theirs in
    force (any scope: they look after the person)."""
    if not is_network_manager(actor):
        return _("Only the town's network managers can act for other people.")
    if actor.pk == person.pk or not person.is_managed:
        return _(
            "Only the account of a person without internet can be deleted for them; "
            "everyone else deletes their own account under “My data”."
        )
    if actor.is_town_admin:
        return None
    looked_after = (
        valid_consents().filter(person=person).filter(Q(helper__isnull=True) | Q(helper=actor))
    )
    if not looked_after.exists():
        return _(
            "%(name)s has not given you a valid consent, so you cannot delete their account. "
            "A town administrator can."
        ) % {"name": person.full_name}
    return None


def is_network_manager(user: User) -> bool:
    """Logged in, not blocked, and a moderator (administrators are moderators too)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.participation_block != ParticipationBlock.BLOCKED
        and user.has_role(Role.MODERATOR)
    )


def no_consent_message(*, person: User, scope: str) -> str:
    return _(
        "%(name)s has not given you a valid consent for this (%(scope)s). "
        "Please record their consent first."
    ) % {"name": person.full_name, "scope": scope_label(scope)}


def consent_refusal(*, actor: User, person: User, scope: str) -> str | None:
    """Why `actor` may not act for `person` in `scope` today, or None if they may.

    The one rule, shared by `services.require_consent` and the pages that explain a
    refusal; it locks nothing, so pages can call it outside a transaction.
    """
    if consent_scope(scope) is None:
        raise ValueError(f"Unknown consent scope {scope!r}: register it first.")
    if not is_network_manager(actor):
        return _("Only the town's network managers can act for other people.")
    if actor.pk == person.pk:
        return _("You act for yourself without a consent; leave the person out.")
    if person.participation_block is not None:
        return _("%(name)s cannot take part at the moment, so nobody can act for them.") % {
            "name": person.full_name
        }
    if not may_act_for(actor=actor, person=person, scope=scope):
        return no_consent_message(person=person, scope=scope)
    return None


@dataclass(frozen=True)
class ActionLink:
    label: str
    url_name: str


def actions_for(*, actor: User, person: User, enabled_modules: list[str]) -> list[ActionLink]:
    """The pages where `actor` may act for `person` now (scopes with a consent in force)."""
    covered: set[str] = set()
    for consent in (
        valid_consents().filter(person=person).filter(Q(helper__isnull=True) | Q(helper=actor))
    ):
        covered.update(consent.scopes)
    scopes: list[ConsentScope] = consent_scopes(enabled_modules=enabled_modules)
    return [
        ActionLink(label=str(action.label), url_name=action.url_name)
        for scope in scopes
        if scope.key in covered
        for action in scope.actions
    ]


def network_managers() -> list[User]:
    """Everyone who may act for residents: the town's moderators and administrators."""
    return list(active_moderators().order_by("full_name"))


def helper_addresses(*, person: User, scope: str) -> list[str]:
    """Where to send what `person` cannot read (a managed resident has no address): the
    network managers who hold a consent in force for them in `scope`."""
    consents = valid_consents().filter(person=person, scopes__contains=[scope])
    if consents.filter(helper__isnull=True).exists():
        helpers = network_managers()
    else:
        helpers = [c.helper for c in consents.select_related("helper") if c.helper is not None]
    return sorted({h.email for h in helpers if h.email and is_network_manager(h)})

"""Reads of acting on behalf: whom a network manager looks after, and who may act for whom."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import Role, User

from .models import Consent
from .scopes import ConsentScope, consent_scopes


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
    people = User.objects.select_related("managed_profile").order_by("full_name", "pk")
    if query:
        return people.filter(Q(full_name__icontains=query) | Q(email__iexact=query))[:50]
    has_consent = valid_consents().filter(person=OuterRef("pk"))
    return people.filter(Q(is_managed=True) | Q(Exists(has_consent)))


def person_for(*, public_id: UUID | str) -> User | None:
    """A resident of the current town by public id (None for another town's id)."""
    return User.objects.select_related("managed_profile").filter(public_id=public_id).first()


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
    return list(
        User.objects.filter(
            roles__overlap=[Role.MODERATOR, Role.TOWN_ADMIN],
            is_active=True,
            status=User.Status.ACTIVE,
        ).order_by("full_name")
    )

"""Reads of the directory; list pages keep a constant number of queries."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils.translation import ngettext

from portal.accounts.models import User

from . import search
from .models import (
    Category,
    Offering,
    Organisation,
    OrganisationChange,
    Representative,
    RepresentativeInvitation,
)


def public_organisations() -> QuerySet[Organisation]:
    """Approved organisations, with their offerings prefetched."""
    return Organisation.objects.filter(status=Organisation.Status.APPROVED).prefetch_related(
        Prefetch("offerings", queryset=Offering.objects.order_by("title"))
    )


def find_organisations(*, query: str = "", category: str = "") -> QuerySet[Organisation]:
    """Public organisations matching a search (ranked, with `headline`) and a category."""
    organisations = public_organisations()
    if category and category in Category.values:
        organisations = organisations.filter(categories__contains=[category])
    if search.normalise_query(query):
        return search.search(organisations, query)
    return organisations.order_by("name")


def visible_organisation(*, slug: str, user: User | AnonymousUser) -> Organisation | None:
    """The organisation if `user` may see it: public, or theirs, or they moderate."""
    organisation = (
        Organisation.objects.filter(slug=slug)
        .prefetch_related(Prefetch("offerings", queryset=Offering.objects.order_by("title")))
        .first()
    )
    if organisation is None:
        return None
    if organisation.is_public:
        return organisation
    if isinstance(user, User) and (
        user.is_moderator
        or Representative.objects.filter(organisation=organisation, user=user).exists()
    ):
        return organisation
    return None


def approved_organisation_names() -> list[tuple[str, str]]:
    """(slug, name) of every approved organisation, by name (one query; for pickers)."""
    return list(
        Organisation.objects.filter(status=Organisation.Status.APPROVED)
        .order_by("name")
        .values_list("slug", "name")
    )


def organisations_of(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations a user represents."""
    if not isinstance(user, User):
        return Organisation.objects.none()
    return Organisation.objects.filter(representatives__user=user).order_by("name")


def pending_organisations() -> QuerySet[Organisation]:
    """The moderation queue, oldest first."""
    return (
        Organisation.objects.filter(status=Organisation.Status.PENDING)
        .select_related("created_by")
        .prefetch_related("offerings")
        .order_by("created_at")
    )


def representatives_of(*, organisation: Organisation) -> QuerySet[Representative]:
    return Representative.objects.filter(organisation=organisation).select_related("user")


def open_invitations_of(*, organisation: Organisation) -> QuerySet[RepresentativeInvitation]:
    return RepresentativeInvitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True
    ).select_related("invited_by")


def changes_of(*, organisation: Organisation, limit: int = 50) -> QuerySet[OrganisationChange]:
    """The newest entries of the edit log."""
    return OrganisationChange.objects.filter(organisation=organisation).select_related(
        "changed_by"
    )[:limit]


def public_offerings() -> QuerySet[Offering]:
    """Offerings of public organisations."""
    return (
        Offering.objects.filter(organisation__status=Organisation.Status.APPROVED)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def content_counts() -> list[str]:
    """The town's organisations and their offerings, counted in words (for the console)."""
    organisations, offerings = Organisation.objects.count(), Offering.objects.count()
    return [
        ngettext("%(n)d organisation", "%(n)d organisations", organisations) % {"n": organisations},
        ngettext("%(n)d offering", "%(n)d offerings", offerings) % {"n": offerings},
    ]

"""Who may do what with a volunteer service: one place for the rules every page, API view
and service asks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from modules.directory.models import Representative
from portal.accounts.models import User

from .models import Service


def represents(user: User, service: Service) -> bool:
    """Whether `user` is a representative of the service's organisation."""
    return Representative.objects.filter(
        organisation_id=service.organisation_id, user_id=user.pk
    ).exists()


def may_manage(user: User | None, service: Service) -> bool:
    """Change the service, see its figures and run its coordination: the organisation's
    representatives, its coordinator, and the town's network managers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_moderator or service.coordinator_id == user.pk:
        return True
    return represents(user, service)


def may_coordinate(user: User | None, service: Service) -> bool:
    """Vet helpers, assign requests and rides (the dispatcher): the coordinator, the
    representatives and the network managers, i.e. the same people as `may_manage`."""
    return may_manage(user, service)


def require_manager(user: User | None, service: Service) -> None:
    if not may_manage(user, service):
        raise PermissionDenied(
            _("Only the organisation's representatives and the coordinator can do this.")
        )


def require_coordinator(user: User | None, service: Service) -> None:
    if not may_coordinate(user, service):
        raise PermissionDenied(_("Only the service's coordinator can do this."))


def coordinators_of(service: Service) -> list[User]:
    """Who hears about the service's volunteers, requests and rides: its coordinator, else
    the organisation's representatives (a service without a coordinator still has someone
    to tell)."""
    if service.coordinator is not None and service.coordinator.is_active:
        return [service.coordinator]
    ids = Representative.objects.filter(organisation_id=service.organisation_id).values("user_id")
    return list(User.objects.people().filter(pk__in=ids, is_active=True))

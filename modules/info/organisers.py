"""Which organisations an event may name, read from the directory when the town has it on.

The info module asks the directory through its selectors only, and only while the directory
is installed and switched on in the current town; without it an event names its organiser in
words, and nothing here fails.
"""

from __future__ import annotations

from django.apps import apps

from portal.accounts.models import User
from portal.registry import module_on_in_current_town

from .permissions import is_staff


def directory_is_on() -> bool:
    """The directory is installed and switched on in the current town."""
    return apps.is_installed("modules.directory") and module_on_in_current_town("directory")


def organisers_for(user: User) -> list[tuple[str, str]]:
    """(slug, name) of the organisations `user` may name: their own; every approved one for
    the town's staff. Empty while the directory is off."""
    if not directory_is_on():
        return []
    from modules.directory import selectors as directory

    if is_staff(user):
        return directory.approved_organisation_names()
    return [(org.slug, org.name) for org in directory.organisations_of(user=user)]

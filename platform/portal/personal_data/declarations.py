"""The declarations: what an app exports of a person, how it erases it, and which
foreign keys to the user model it thereby answers for."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from portal import registry


@dataclass(frozen=True)
class ExportFile:
    """A stored file of the person's (a photo, a logo) and its path inside the ZIP."""

    storage_name: str  # the name in the default storage (the town's media folder)
    name: str  # the file's name under files/<key>/ in the ZIP


@dataclass(frozen=True)
class ExportPart:
    """One app's share of the export: JSON-able data and the person's files."""

    data: Any
    files: Sequence[ExportFile] = ()


@dataclass(frozen=True)
class PersonalData:
    """How an app exports and erases a person's data.

    `covers` and `excluded` name foreign keys to the user model as "app_label.Model.field":
    the ones the exporter and eraser deal with, and the ones deliberately left alone with the
    reason (e.g. who approved something: kept, names no one once the account is anonymised).
    Erasers run inside the account deletion's transaction, in ascending `order`; the account
    row itself is anonymised last (portal.accounts, order 100).
    """

    key: str  # the JSON file's name in the ZIP, e.g. "exchange"
    export: Callable[[Any], ExportPart]  # export(user)
    erase: Callable[[Any], None]  # erase(user)
    covers: Sequence[str] = ()
    excluded: Mapping[str, str] = field(default_factory=dict)
    order: int = 0


_platform: dict[str, PersonalData] = {}


def declare_personal_data(declaration: PersonalData) -> PersonalData:
    """Register a platform app's declaration; call it from the app's `ready()`.

    Town modules declare theirs with the module (`TownModule.personal_data`) instead."""
    known = _platform.get(declaration.key)
    if known is not None and known.export.__module__ != declaration.export.__module__:
        raise ValueError(f"Personal data {declaration.key!r} is declared twice.")
    _platform[declaration.key] = declaration
    return declaration


def all_declarations() -> list[PersonalData]:
    """The platform's and every declared module's, in erasing order (modules switched off in
    the town included: their data is still kept)."""
    found = dict(_platform)
    for module in registry.town_modules():
        if module.personal_data is not None:
            if module.personal_data.key in found:
                raise ValueError(f"Personal data {module.personal_data.key!r} is declared twice.")
            found[module.personal_data.key] = module.personal_data
    return sorted(found.values(), key=lambda declaration: (declaration.order, declaration.key))

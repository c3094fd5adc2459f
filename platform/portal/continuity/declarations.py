"""What each town app puts into a town archive, and the checksums it answers for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Model

from portal import registry


@dataclass(frozen=True)
class TownExport:
    """An app's share of a town archive.

    `models` are exported with every row (and their many-to-many tables); `excluded` names
    the app's other models with the reason they are left out ("sessions: a login on the old
    host"). `checksums` are figures the import recomputes and compares (the ledger's balance
    per account and a digest over all entries): name -> a function run inside the town that
    returns something JSON can hold.

    `load_triggers` are (table, trigger) of constraint triggers that check each row on its
    own (the ledger's balance: two queries per entry and per transaction); the import
    switches them off while it loads the archive's rows and runs `load_check` once over
    all of them instead, inside the town, which returns what is wrong (or None)."""

    app: str  # the app label, e.g. "ledger"
    models: Sequence[str] = ()  # model names, e.g. ("Account", "Transaction", "Entry")
    excluded: Mapping[str, str] = field(default_factory=dict)  # model name -> reason
    checksums: Mapping[str, Callable[[], Any]] = field(default_factory=dict)
    load_triggers: Sequence[tuple[str, str]] = ()
    load_check: Callable[[], str | None] | None = None


_declared: dict[str, TownExport] = {}


def declare_town_export(declaration: TownExport) -> TownExport:
    """Register the export of a platform app (or the ledger); call it from `ready()`.

    Town modules declare theirs with the module (`TownModule.export`) instead."""
    _declared[declaration.app] = declaration
    return declaration


def all_exports() -> list[TownExport]:
    """Every declaration: the platform's and every declared module's, by app label."""
    found = dict(_declared)
    for module in registry.town_modules():
        if module.export is not None:
            if module.export.app in found:
                raise ValueError(f"The town export of {module.export.app!r} is declared twice.")
            found[module.export.app] = module.export
    return sorted(found.values(), key=lambda declaration: declaration.app)


def exported_tables() -> list[str]:
    """The database tables a town archive holds: the declared models' and their
    many-to-many tables, sorted by name."""
    tables: set[str] = set()
    for declaration in all_exports():
        for name in declaration.models:
            model = apps.get_model(declaration.app, name)
            tables.add(model._meta.db_table)
            for many in model._meta.local_many_to_many:
                through = many.remote_field.through
                if through._meta.auto_created:
                    tables.add(through._meta.db_table)
    return sorted(tables)


def excluded_tables() -> list[str]:
    """The tables of the models deliberately left out (sessions …)."""
    return sorted(
        apps.get_model(declaration.app, name)._meta.db_table
        for declaration in all_exports()
        for name in declaration.excluded
    )


def all_checksums() -> dict[str, Callable[[], Any]]:
    """Every declared checksum, as "<app>.<name>" -> its function."""
    return {
        f"{declaration.app}.{name}": function
        for declaration in all_exports()
        for name, function in declaration.checksums.items()
    }


def load_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of every declared row-by-row trigger the import switches off."""
    return [pair for declaration in all_exports() for pair in declaration.load_triggers]


def load_checks() -> dict[str, Callable[[], str | None]]:
    """Every declared check over all loaded rows, by app label."""
    return {
        declaration.app: declaration.load_check
        for declaration in all_exports()
        if declaration.load_check is not None
    }


def undeclared_models(models: Iterable[type[Model]]) -> list[str]:
    """ "app_label.Model" of every concrete model in `models` that no declaration exports
    or leaves out with a reason: a move would lose its rows without anyone deciding so."""
    declared = {
        f"{declaration.app}.{name}"
        for declaration in all_exports()
        for name in (*declaration.models, *declaration.excluded)
    }
    return sorted(
        model._meta.label
        for model in models
        if not model._meta.proxy
        and model._meta.managed
        and not model._meta.auto_created
        and model._meta.label not in declared
    )

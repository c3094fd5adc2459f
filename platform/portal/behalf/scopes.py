"""What a resident can allow a network manager to do for them: scopes, declared by modules.

A module lists its scopes in its declaration (`TownModule(consent_scopes=...)` in
`portal.registry`), each with the pages where a network manager acts for the person (URL
names taking the person's `person` public id). The platform never imports a module: the
"Helping residents" pages and the consent services read the scopes from the registry, and
a town sees only the scopes of the modules it has switched on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.functional import Promise

from portal import registry
from tenants.current import current_town


@dataclass(frozen=True)
class ActFor:
    """An entry point: a page where the network manager acts for the person."""

    label: str | Promise
    url_name: str


@dataclass(frozen=True)
class ConsentScope:
    key: str
    label: str | Promise
    actions: tuple[ActFor, ...] = ()
    module: str = ""  # the declaring module, filled in from the registry

    def __post_init__(self) -> None:
        # Checked where the module builds its declaration, so a bad key fails at start-up.
        if len(self.key) > 40 or not self.key.replace("_", "").isalnum():
            raise ValueError(f"A consent scope key is short and plain, got {self.key!r}.")


def _declared() -> dict[str, ConsentScope]:
    # The registry checks that keys are unique (each starts with its module's key).
    return {
        scope.key: replace(scope, module=module.key)
        for module in registry.town_modules()
        for scope in module.consent_scopes
    }


def consent_scope(key: str) -> ConsentScope | None:
    """The scope `key` of any declared module, whether or not a town has it on."""
    return _declared().get(key)


def consent_scopes(*, enabled_modules: list[str] | None = None) -> list[ConsentScope]:
    """Every declared scope, or those whose module is in `enabled_modules`."""
    return [
        scope
        for scope in _declared().values()
        if enabled_modules is None or not scope.module or scope.module in enabled_modules
    ]


def scopes_of_current_town() -> list[ConsentScope]:
    """The scopes residents of the connection's town can consent to (none outside a town)."""
    town = current_town()
    return [] if town is None else consent_scopes(enabled_modules=list(town.enabled_modules))


def scope_label(key: str) -> str:
    scope = consent_scope(key)
    return str(scope.label) if scope is not None else key

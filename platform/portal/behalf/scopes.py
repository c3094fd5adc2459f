"""What a resident can allow a network manager to do for them: scopes, registered by modules.

A module registers its scopes in its `AppConfig.ready()`, each with the pages where a
network manager acts for the person (URL names taking the person's `person` public id).
The platform never imports a module: the "Helping residents" pages read this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class ActFor:
    """An entry point: a page where the network manager acts for the person."""

    label: str | Promise
    url_name: str


@dataclass(frozen=True)
class ConsentScope:
    key: str
    label: str | Promise
    module: str = ""  # the module that must be switched on; "" for the platform
    actions: tuple[ActFor, ...] = ()


_SCOPES: dict[str, ConsentScope] = {}


def register_consent_scope(
    key: str, label: str | Promise, *, module: str = "", actions: tuple[ActFor, ...] = ()
) -> ConsentScope:
    """Make `key` a scope residents can consent to (call once, from `ready()`)."""
    if len(key) > 40 or not key.replace("_", "").isalnum():
        raise ValueError(f"A consent scope key is short and plain, got {key!r}.")
    scope = ConsentScope(key=key, label=label, module=module, actions=actions)
    existing = _SCOPES.get(key)
    if existing is not None and existing != scope:
        raise ValueError(f"Consent scope {key!r} is already registered differently.")
    _SCOPES[key] = scope
    return scope


def consent_scope(key: str) -> ConsentScope | None:
    return _SCOPES.get(key)


def consent_scopes(*, enabled_modules: list[str] | None = None) -> list[ConsentScope]:
    """Every registered scope, or those whose module is in `enabled_modules`."""
    return [
        scope
        for scope in _SCOPES.values()
        if enabled_modules is None or not scope.module or scope.module in enabled_modules
    ]


def scope_label(key: str) -> str:
    scope = _SCOPES.get(key)
    return str(scope.label) if scope is not None else key

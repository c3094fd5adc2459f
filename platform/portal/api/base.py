"""Town-scoped API base classes.

Every town endpoint derives from `TownViewSet`/`TownAPIView`. They run only on a town host
(the middleware has set the schema) and refuse the public schema. Subclasses define
`get_town_queryset()`; overriding `get_queryset` is refused at class creation so that the one
scoping point cannot be bypassed by accident (PostHog's rule). The escape hatch is named
`dangerously_get_queryset`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import generics, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from portal import registry
from portal.module_access import module_is_on
from tenants.current import current_schema


def _require_town(request: Request) -> None:
    tenant = getattr(request, "tenant", None)
    if tenant is None or not tenant.is_town or current_schema() != tenant.schema_name:
        raise Http404


class _TownScoped:
    # The town module an endpoint belongs to, inferred from where the class is defined. The
    # registry's outermost guard already makes the module's API a 404 where it is off; this
    # second check covers an endpoint someone mounts outside the module's URLconf.
    town_module: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("modules."):
            return
        declared = registry.module_for_import_path(cls.__module__)
        if declared is None:
            raise TypeError(
                f"{cls.__module__}.{cls.__name__} is in a town module that is not declared in "
                "the module registry (declare_module in its AppConfig.ready(), before its API "
                "is imported)."
            )
        if cls.__dict__.get("town_module") not in (None, declared.key):
            raise TypeError(
                f"{cls.__name__} says town_module={cls.town_module!r}, but it is "
                f"defined in module {declared.key!r}."
            )
        cls.town_module = declared.key

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        _require_town(request)
        if self.town_module and not module_is_on(request, self.town_module):
            raise Http404
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class TownAPIView(_TownScoped, APIView):
    pass


class _TownQuerysetMixin(_TownScoped):
    _lq_base = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__ and not cls.__dict__.get("_lq_base", False):
            raise TypeError(
                f"{cls.__name__} overrides get_queryset; define get_town_queryset instead, or "
                "dangerously_get_queryset if you really must bypass town scoping."
            )

    def get_town_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        dangerous = getattr(self, "dangerously_get_queryset", None)
        if dangerous is not None:
            return dangerous()  # type: ignore[no-any-return]
        return self.get_town_queryset()


class TownViewSet(_TownQuerysetMixin, viewsets.GenericViewSet[Model]):
    _lq_base = True


class TownListAPIView(_TownQuerysetMixin, generics.ListAPIView[Model]):
    _lq_base = True

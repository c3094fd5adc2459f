"""`{% consents_for_me %}`: the profile page shows who may act for the person."""

from __future__ import annotations

from django import template
from django.db.models import QuerySet

from portal.accounts.models import User

from ..models import Consent
from ..scopes import scope_label
from ..selectors import valid_consents

register = template.Library()


@register.simple_tag
def consents_for_me(user: User) -> QuerySet[Consent]:
    """The consents in force that the user gave, with who may act."""
    if not user.is_authenticated:
        return Consent.objects.none()
    return valid_consents().filter(person=user).select_related("helper")


@register.filter
def scope_labels(keys: list[str]) -> str:
    return ", ".join(scope_label(key) for key in keys)

"""`unread_notifications` for every template: the navigation shows a badge when it is > 0."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from portal.accounts.models import User
from tenants.current import current_town


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """0 for visitors and on the operator site without a query; one count query, made only
    when a template uses it, for a logged-in person of a town."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated or current_town() is None:
        return {"unread_notifications": 0}
    from .selectors import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}

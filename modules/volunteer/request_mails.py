"""The e-mails of a help request's steps: one template, the step named by `event`, written
in the recipient's language (the template is rendered for each person)."""

from __future__ import annotations

from portal.accounts.models import User
from portal.notifications.kinds import NotificationKind
from portal.notify import notify
from tenants.addresses import town_url

from .models import HelpRequest
from .notification_kinds import REQUEST_NEWS
from .scopes import REQUESTS


def tell(
    person: User, event: str, help_request: HelpRequest, *, kind: NotificationKind, **extra: str
) -> None:
    """Queue the mail of `event` about `help_request` for `person` (sent after the commit),
    under `kind`: REQUEST_NEWS for the resident, HELPING for a helper, COORDINATION for the
    coordinator."""
    for_resident = kind.key == REQUEST_NEWS.key
    notify(
        person,
        "volunteer/request_news",
        context={
            "event": event,
            "service": help_request.service.title,
            "day": help_request.needed_on.strftime("%d.%m.%Y"),
            "link": town_url(help_request.get_absolute_url()),
            "for_resident": for_resident,
            **extra,
        },
        kind=kind.key,
        helpers_scope=REQUESTS if for_resident else None,
        target=f"volunteer:request:{help_request.public_id}",
    )

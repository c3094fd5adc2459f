"""One-click unsubscribe links (RFC 8058): a signed token naming the person and the kind.

The token is a signed link with the town in its salt (`tenants.signed_links`), so it is
worthless in another town, and it only ever switches its one kind off: a replay changes
nothing and a forged or altered token is refused. It does not expire for a long time,
because old e-mails must keep working.
"""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse

from portal.accounts.models import User
from portal.notifications.kinds import NotificationKind, unsubscribable_kind
from tenants.addresses import town_url
from tenants.signed_links import make_link_token, read_link_token

PURPOSE = "notifications.unsubscribe"
MAX_AGE = 400 * 24 * 3600  # seconds: a year's old mail still unsubscribes


def unsubscribe_token(user: User, kind_key: str) -> str:
    """The signed token naming `user` and `kind_key` in the current town."""
    return make_link_token(
        purpose=PURPOSE, payload={"person": str(user.public_id), "kind": kind_key}
    )


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(person public id, kind key) of a genuine token of this town, else None."""
    data = read_link_token(purpose=PURPOSE, token=token, max_age=MAX_AGE)
    if data is None or set(data) != {"person", "kind"}:
        return None
    return data["person"], data["kind"]


def unsubscribe_target(token: str) -> tuple[User, NotificationKind] | None:
    """The person and the kind (or digest) a genuine token of this town names, else None:
    also for a transactional kind, an unknown kind or a person who is not (any more) here."""
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    try:
        public_id = UUID(found[0])
    except ValueError:
        return None
    person = User.objects.filter(public_id=public_id).first()
    kind = unsubscribable_kind(found[1])
    return (person, kind) if person is not None and kind is not None else None


def unsubscribe_url(user: User, kind_key: str) -> str:
    """The absolute one-click unsubscribe address of `kind_key` for `user`."""
    token = unsubscribe_token(user, kind_key)
    return town_url(reverse("notifications:unsubscribe", args=[token]))


def unsubscribe_headers(user: User, kind_key: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers of a notification e-mail of `kind_key` to `user`."""
    return headers_for(unsubscribe_url(user, kind_key))


def headers_for(url: str) -> dict[str, str]:
    """The unsubscribe headers naming `url` (the same link the e-mail shows in its text)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

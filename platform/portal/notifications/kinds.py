"""What a person can be notified of, and how each kind is e-mailed unless they choose otherwise.

The platform declares its own kinds here; a module declares its kinds in its registry entry
(`TownModule(notification_kinds=...)`, keys starting with "<module key>_"). Account and
security mails (verification, password reset, the e-mail change, approval of one's own
account) are of the transactional kind `account`: always sent at once, never in the inbox,
never in a digest and not unsubscribable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import registry
from tenants.current import current_town

IMMEDIATE = "immediate"
DAILY = "daily"
WEEKLY = "weekly"
OFF = "off"
CHOICES = (IMMEDIATE, DAILY, WEEKLY, OFF)
CHOICE_LABELS: dict[str, str | Promise] = {
    IMMEDIATE: _("Immediately by e-mail"),
    DAILY: _("Once a day, in a summary"),
    WEEKLY: _("Once a week, in a summary"),
    OFF: _("Not by e-mail (only here in the portal)"),
}
DIGESTS = (DAILY, WEEKLY)


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification; `default` is the e-mail choice of a person who chose none."""

    key: str
    label: str | Promise
    default: str = IMMEDIATE
    for_moderators: bool = False  # offered only to moderators and administrators
    transactional: bool = False  # account and security mails: always at once, no choice
    # A transactional kind that also shows in the inbox (its link needs a log-in anyway).
    in_inbox: bool = False
    module: str = ""  # the declaring module's key, filled in from the registry
    choices: tuple[str, ...] = CHOICES  # what a person may choose for it

    def __post_init__(self) -> None:
        # Checked where the declaration is built, so a bad kind fails at start-up.
        if len(self.key) > 40 or not self.key.replace("_", "").isalnum():
            raise ValueError(f"A notification kind key is short and plain, got {self.key!r}.")
        if not set(self.choices) <= set(CHOICES) or self.default not in self.choices:
            raise ValueError(f"Kind {self.key!r}: its choices and default are among {CHOICES}.")


ACCOUNT = NotificationKind("account", _("Your account"), transactional=True)
# The answer to the person's own request for their data: always sent, and in the inbox.
ACCOUNT_DATA = NotificationKind(
    "account_data", _("Your data download"), transactional=True, in_inbox=True
)
OTHER = NotificationKind("other", _("Other messages from the portal"))
# The e-letter is itself a summary: one either gets it ("immediate") or does not.
LETTER = NotificationKind("letter", _("The town's quarterly e-letter"), choices=(IMMEDIATE, OFF))
MODERATION_REPORTED = NotificationKind(
    "moderation_reported", _("Something has been reported to the moderators"), for_moderators=True
)
MODERATION_WAITING = NotificationKind(
    "moderation_waiting", _("Content waiting for approval"), for_moderators=True
)
ACCOUNTS_WAITING = NotificationKind(
    "accounts_waiting", _("Accounts waiting for approval"), for_moderators=True
)
PLATFORM_KINDS = (
    ACCOUNT,
    ACCOUNT_DATA,
    OTHER,
    LETTER,
    MODERATION_REPORTED,
    MODERATION_WAITING,
    ACCOUNTS_WAITING,
)


# What a digest's unsubscribe link names: every kind the person gets in that digest.
DIGEST_KINDS = {
    DAILY: NotificationKind(DAILY, _("The daily summary e-mail")),
    WEEKLY: NotificationKind(WEEKLY, _("The weekly summary e-mail")),
}


def all_kinds() -> dict[str, NotificationKind]:
    """Every declared kind by key: the platform's, then each module's (registry order)."""
    kinds = {kind.key: kind for kind in PLATFORM_KINDS}
    for module in registry.town_modules():
        for kind in module.notification_kinds:
            kinds[kind.key] = replace(kind, module=module.key)
    return kinds


def get_kind(key: str) -> NotificationKind | None:
    return all_kinds().get(key)


def unsubscribable_kind(key: str) -> NotificationKind | None:
    """The kind (or digest) an unsubscribe link may name; None for unknown or transactional."""
    kind = DIGEST_KINDS.get(key) or get_kind(key)
    return None if kind is None or kind.transactional else kind


def kinds_for(*, is_moderator: bool) -> list[NotificationKind]:
    """The kinds a person can choose for in the current town: no transactional ones, the
    moderators' only for moderators, a module's only where the town has it switched on."""
    town = current_town()
    return [
        kind
        for kind in all_kinds().values()
        if not kind.transactional
        and (is_moderator or not kind.for_moderators)
        and (not kind.module or (town is not None and town.module_enabled(kind.module)))
    ]

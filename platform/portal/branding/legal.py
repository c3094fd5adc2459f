"""Reads of the pages a town must publish: which are missing, and their default texts.

Imprint and privacy statement live on `Branding`, the accessibility statement, the help
page and the easy-language page on `TownPages`. Registration stays closed until the town
has a privacy statement: nobody may hand over personal data without being told what
happens to it (GDPR art. 13).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TownPages
from .selectors import current_branding


@dataclass(frozen=True)
class PublishedPage:
    """One of the pages of the footer: its URL name, its title, and whether it is written."""

    url_name: str
    label: str | Promise
    missing: bool
    why: str | Promise


def has_privacy_statement() -> bool:
    """Whether the current town has published a privacy statement (registration needs one)."""
    return bool(current_branding().privacy.strip())


def published_pages() -> list[PublishedPage]:
    """The five pages in footer order, each saying whether the town still has to write it."""
    branding = current_branding()
    pages = TownPages.current()
    return [
        PublishedPage(
            "imprint",
            gettext_lazy("Imprint"),
            not branding.imprint.strip(),
            gettext_lazy("Who runs the portal (required by § 5 DDG)."),
        ),
        PublishedPage(
            "privacy",
            gettext_lazy("Privacy statement"),
            not branding.privacy.strip(),
            gettext_lazy("Registration stays closed until the town has a privacy statement."),
        ),
        PublishedPage(
            "accessibility",
            gettext_lazy("Accessibility statement"),
            not pages.accessibility_feedback_contact.strip(),
            gettext_lazy("Public bodies must publish one with a feedback contact (BITV 2.0)."),
        ),
        PublishedPage(
            "help",
            gettext_lazy("Help"),
            not pages.town_hall_phone.strip()
            or not (pages.network_manager_phone.strip() or pages.network_manager_email.strip()),
            gettext_lazy("The town hall's phone and how to reach the network manager."),
        ),
        PublishedPage(
            "easy_language",
            gettext_lazy("Easy language"),
            False,  # a default text is shown until the town writes its own
            gettext_lazy("The portal explained in easy language."),
        ),
    ]


def missing_pages() -> list[PublishedPage]:
    """The pages the town has not written yet (for the console's warning)."""
    return [page for page in published_pages() if page.missing]


def default_enforcement_text() -> str:
    """Where people turn when feedback to the town brings no satisfactory answer."""
    return _(
        "If you have contacted us and are not satisfied with the answer, you can turn to the "
        "conciliation body (Schlichtungsstelle) for accessibility of your federal state, or "
        "to the Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG), "
        "www.schlichtungsstelle-bgg.de. The conciliation procedure is free of charge."
    )


def default_easy_language_text(*, town_name: str) -> str:
    """The portal explained in easy language (Leichte Sprache): short sentences, one idea
    each, paragraphs separated by a blank line. Towns edit it in the console."""
    paragraphs = [
        _("This is the portal of %(town)s.") % {"town": town_name},
        _("A portal is a page on the internet.\nHere you find things from your town."),
        _(
            "You find:\n"
            "Clubs and groups.\n"
            "News from the town.\n"
            "Dates for events.\n"
            "Lunch menus.\n"
            "An exchange: you give things away.\n"
            "Or you help someone.\n"
            "And someone helps you."
        ),
        _(
            "You can look at everything.\n"
            "You do not need an account for that.\n"
            "If you want to take part, you need an account.\n"
            "You can register for free."
        ),
        _(
            "Do you need help?\n"
            "The network manager helps you.\n"
            "You can call.\n"
            "Or you can come by.\n"
            "You find the phone number on the page Help."
        ),
        _(
            "Your data is safe with us.\n"
            "We only keep what we need.\n"
            "You can download your data.\n"
            "You can delete your account at any time."
        ),
    ]
    return "\n\n".join(paragraphs)

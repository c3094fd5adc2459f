"""How times, money and phone numbers are shown: one place for every page and e-mail.

`hours_minutes(90)` is "1 Std. 30 Min." (German) and `tel_uri("07033 12 34")` is
"tel:+4970331234"; the template library `formatting` offers both as filters
(`{{ minutes|hours_minutes }}`, `{{ phone|tel_link }}`), and `euros(123450)` is
"1.234,50 €" (`{{ cents|euros }}`): money is integer cents everywhere, shown only here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DurationStyle = Literal["short", "words", "clock"]

# Characters a written phone number may contain besides digits ("07033 / 12-34", "+49 (0)…").
_PHONE_CHARACTERS = re.compile(r"^[0-9 +()/.\-\u2010-\u2013]+$")
_LABEL = re.compile(r"^\s*(tel|telefon|phone|fon)\.?\s*:?\s*", re.IGNORECASE)
COUNTRY_CODE = "49"


def hours_minutes(minutes: int | None, *, style: DurationStyle = "short") -> str:
    """Minutes as hours and minutes, the one way every page, form and chart writes them:
    "short" "1 Std. 30 Min." (hours grouped: "1.250 Std."), "words" "1 Stunde 30 Minuten",
    "clock" "1:30 h" (choices in a list); a minus sign first when negative."""
    if minutes is None:
        return ""
    total = int(minutes)
    sign = "−" if total < 0 else ""
    hours, rest = divmod(abs(total), 60)
    if style == "clock":
        return f"{sign}{hours}:{rest:02d} h"
    parts = []
    if style == "words":
        if hours:
            parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
        if rest or not hours:
            parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
        return sign + " ".join(parts)
    if hours:
        parts.append(_("%(hours)s h") % {"hours": number_format(hours, force_grouping=True)})
    if rest or not hours:
        parts.append(_("%(minutes)d min") % {"minutes": rest})
    return sign + " ".join(parts)


def tel_uri(number: str | None) -> str | None:
    """A `tel:` address in international form (+49…), or None when it is no phone number."""
    if not number:
        return None
    text = _LABEL.sub("", str(number)).strip()
    if not text or not _PHONE_CHARACTERS.match(text):
        return None
    text = text.replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif digits.startswith("0"):
        international = COUNTRY_CODE + digits[1:]
    else:  # a local number without its area code cannot be dialled from everywhere
        return None
    if not 6 <= len(international) <= 15:
        return None
    return f"tel:+{international}"


def euros(cents: int | None) -> str:
    """Integer cents as the active language writes euros ("1.234,50 €"); "" for None."""
    if cents is None:
        return ""
    amount = number_format(Decimal(cents) / 100, decimal_pos=2, use_l10n=True, force_grouping=True)
    # A no-break space keeps the sign with its amount at a line break.
    return f"{amount}\u00a0€"

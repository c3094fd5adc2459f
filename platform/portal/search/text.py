"""Text folding shared by indexing and querying: lower case, no accents, compounds joined.

Moved here from the directory, which used it first; every module's search uses the same
folding, so a query is folded once and matches every module's index the same way.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Private-use characters mark highlights inside ts_headline's output; they are removed from
# every text before it is indexed, so only the highlighter can produce them.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")


def strip_private_use(text: str) -> str:
    """Drop private-use characters (icons of one font, meaningless elsewhere)."""
    return _PRIVATE_USE.sub("", text)


def strip_control(text: str) -> str:
    """Drop control and private-use characters (keeps newlines and tabs)."""
    return _CONTROL.sub("", text)


def fold(text: str) -> str:
    """Lower case without accents: 'Repair-Café' -> 'repair-cafe', 'Straße' -> 'strasse'."""
    text = strip_control(text).lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> list[str]:
    """The words of `text` after folding; punctuation and symbols separate words."""
    return WORD.findall(fold(text))


def compound_variants(text: str, *, join_neighbours: bool) -> list[str]:
    """Words written together: 'kirchen-chor' -> 'kirchenchor'; with join_neighbours also
    'repair cafe' -> 'repaircafe' (used for names, which are short)."""
    words = folded_words(text)
    variants = [word.replace("-", "") for word in words if "-" in word]
    if join_neighbours:
        plain = [word.replace("-", "") for word in words]
        variants += [a + b for a, b in pairwise(plain)]
        if len(plain) > 2:
            variants.append("".join(plain))
    return variants


def folded_with_variants(text: str, *, join_neighbours: bool) -> str:
    """The folded words of `text` followed by their compound variants."""
    folded = " ".join(folded_words(text))
    return " ".join([folded, *compound_variants(text, join_neighbours=join_neighbours)]).strip()


def unique_words(parts: list[str]) -> str:
    """Each word once: trigram matching is per word, and a shorter text is faster to scan."""
    return " ".join(dict.fromkeys(" ".join(parts).split()))


def render_headline(headline: object) -> SafeString:
    """Escape the excerpt, then turn the highlight markers into <mark>: the only HTML."""
    text = escape(str(headline or ""))
    # Escaped above; the markers cannot come from users (strip_control removes them).
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))

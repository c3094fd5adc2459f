"""The German catalogue and the templates name the network manager one way only:
"Netzwerk-Managerin"/"Netzwerk-Manager" (both named where a person is meant), never
"Netzwerkmanager", "Netzwerk-Verantwortliche" or "Netzwerkmanagement"."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "platform/portal/locale/de/LC_MESSAGES/django.po"
# Words starting with "Netzwerk" that may appear: the one term, and the office (Leichte
# Sprache splits the compound with a hyphen).
ALLOWED = {
    "netzwerk-managerin",
    "netzwerk-manager",
    "netzwerk-managerinnen",
    "netzwerkbüro",
    "netzwerkbüros",
    "netzwerk-büro",
}
WORD = re.compile(r"netzwerk[\w-]*", re.IGNORECASE)
MASCULINE_ONLY = re.compile(r"Netzwerk-Manager(?!in)")


def _unquote(line: str) -> str:
    return line.strip().removeprefix("msgstr ").split('"', 1)[-1].rsplit('"', 1)[0]


def _msgstrs(text: str) -> list[str]:
    """Every translation of the catalogue, its wrapped lines joined."""
    found: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("msgstr"):
            current = [_unquote(line)]
            found.append("")
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        else:
            current = None
            continue
        found[-1] = "".join(current)
    return found


def _template_texts() -> list[tuple[Path, str]]:
    folders = [ROOT / "platform", ROOT / "modules"]
    return [(path, path.read_text()) for folder in folders for path in folder.rglob("*.html")]


def test_the_catalogue_names_the_network_manager_one_way_only() -> None:
    # given every German translation
    translations = _msgstrs(CATALOGUE.read_text())
    mentions = [text for text in translations if WORD.search(text)]
    assert len(mentions) >= 20  # the parser found the translations that speak of them
    # then each word of the family is the chosen term (or the office)
    words = {word.lower() for text in mentions for word in WORD.findall(text)}
    assert words <= ALLOWED, words - ALLOWED
    # and where the masculine form stands, the feminine stands beside it
    assert [t for t in mentions if MASCULINE_ONLY.search(t) and "Netzwerk-Managerin" not in t] == []


def test_templates_use_the_same_term() -> None:
    # templates are English (msgids), but any German written in one must use the term too
    for path, text in _template_texts():
        words = {word.lower() for word in WORD.findall(text)}
        assert words <= ALLOWED, (path, words - ALLOWED)


def test_the_parser_sees_a_wrapped_translation_whole() -> None:
    text = 'msgid "x"\nmsgstr ""\n"an den "\n"Netzwerkmanager"\n\nmsgid "y"\nmsgstr "z"\n'
    assert _msgstrs(text) == ["an den Netzwerkmanager", "z"]

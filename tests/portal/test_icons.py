"""The icon set: inline SVG that is decoration only, and loud failures for unknown names."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.template import Context, Template, TemplateSyntaxError

from portal import registry
from portal.icons import ICONS, UnknownIcon, render_icon

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
# Emoji and pictographic symbols that need an emoji font (arrows and dashes are plain text).
EMOJI = re.compile("[\u2139\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001ffff]")


def _parse(markup: str) -> ElementTree.Element:
    # Our own constant markup, not untrusted input.
    with_namespace = markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ElementTree.fromstring(with_namespace)  # noqa: S314


def test_the_tag_renders_valid_svg_hidden_from_screen_readers() -> None:
    # when
    html = Template('{% load icons %}{% icon "calendar" %}').render(Context())
    # then
    svg = _parse(html)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("aria-hidden") == "true" and svg.get("focusable") == "false"
    assert svg.get("stroke") == "currentColor" and svg.get("style") is None
    assert len(list(svg)) >= 1


def test_every_icon_is_well_formed_svg_of_simple_shapes() -> None:
    for name in ICONS:
        svg = _parse(render_icon(name))
        shapes = {child.tag.removeprefix(SVG) for child in svg}
        assert shapes and shapes <= {"path", "circle", "rect"}, name
        assert "href" not in render_icon(name), name  # nothing loaded from anywhere


def test_an_unknown_literal_name_fails_when_the_template_is_compiled() -> None:
    with pytest.raises(TemplateSyntaxError, match="No icon named 'calender'"):
        Template('{% load icons %}{% icon "calender" %}')


def test_an_unknown_name_from_a_variable_fails_when_rendered() -> None:
    template = Template("{% load icons %}{% icon name %}")
    with pytest.raises(UnknownIcon):
        template.render(Context({"name": "🔄"}))


def test_a_module_declaring_an_unknown_pictogram_is_refused() -> None:
    with pytest.raises(UnknownIcon):
        registry.declare_module(
            registry.TownModule(key="bakery", app="modules.bakery", label="Bakery", pictogram="🛒")
        )
    assert registry.get_module("bakery") is None


def test_every_declared_module_has_an_icon() -> None:
    assert registry.town_modules()
    for module in registry.town_modules():
        assert module.pictogram in ICONS, module.key


def test_no_template_shows_emoji() -> None:
    found = []
    for folder in ("platform", "modules", "tenants", "billing"):
        for path in (ROOT / folder).rglob("templates/**/*.html"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if EMOJI.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not found, found

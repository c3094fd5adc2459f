"""`{% icon "name" %}`: one of the portal's inline SVG icons (see `portal.icons`).

A literal name is checked when the template is compiled, so a typo fails loudly in every test
that loads the template; a name from a variable (a module's pictogram) is checked when the
module is declared and again when rendered.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.safestring import SafeString

from portal.icons import UnknownIcon, check_icon_name, render_icon

register = template.Library()


class IconNode(template.Node):
    def __init__(self, name: FilterExpression) -> None:
        self.name = name

    def render(self, context: template.Context) -> SafeString:
        return render_icon(str(self.name.resolve(context)))


@register.tag(name="icon")
def icon(parser: Parser, token: Token) -> IconNode:
    """`{% icon "calendar" %}` or `{% icon module.pictogram %}`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('Use {% icon "name" %} with exactly one name.')
    name = parser.compile_filter(bits[1])
    literal: Any = name.var  # a str for a quoted name, a Variable otherwise
    if isinstance(literal, str):
        try:
            check_icon_name(literal)
        except UnknownIcon as exc:
            raise template.TemplateSyntaxError(str(exc)) from exc
    return IconNode(name)

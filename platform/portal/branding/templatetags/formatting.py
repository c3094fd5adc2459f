"""Template filters for times, money and phone numbers (see `portal.formatting`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal import formatting

register = template.Library()


@register.filter
def hours_minutes(minutes: int | None) -> str:
    """`{{ 90|hours_minutes }}` → "1 Std. 30 Min."."""
    return formatting.hours_minutes(minutes)


@register.filter
def euros(cents: int | None) -> str:
    """`{{ 123450|euros }}` → "1.234,50 €" (integer cents, as every amount is stored)."""
    return formatting.euros(cents)


@register.filter
def tel_uri(number: str | None) -> str:
    """`href="{{ phone|tel_uri }}"`: "tel:+49…", or "" when it is no dialable number."""
    return formatting.tel_uri(number) or ""


@register.filter
def tel_link(number: str | None) -> SafeString | str:
    """The number as a link that dials it on a phone; plain text when it cannot be dialled."""
    if not number:
        return ""
    uri = formatting.tel_uri(number)
    if uri is None:
        return str(number)
    return format_html('<a href="{}" class="tel-link">{}</a>', uri, number)

"""What the info pages share: the shared form page on their template, and a delete
confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.forms_views import form_page as shared_form_page
from portal.requests import TownRequest

Action = Callable[[dict[str, Any]], str]


def form_page(
    request: TownRequest,
    *,
    form_class: type[forms.Form],
    initial: dict[str, Any],
    title: str,
    action: Action,
    back: str,
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shared form page on the info template, with a title and a way back."""
    return shared_form_page(
        request,
        form_class=form_class,
        initial=initial,
        template="info/form.html",
        action=action,
        done=done,
        context={"title": title, "back": back, **(extra or {})},
    )


def delete_page(
    request: TownRequest,
    *,
    allowed: bool,
    label: str,
    remove: Callable[[], None],
    back: str,
    done_url: str,
) -> HttpResponse:
    """A confirmation page (it works without JavaScript), then the POST that deletes."""
    if not allowed:
        raise PermissionDenied
    if request.method == "POST":
        remove()
        messages.success(request, _("“%(label)s” has been deleted.") % {"label": label})
        return HttpResponseRedirect(done_url)
    return render(request, "info/confirm_delete.html", {"label": label, "back": back})

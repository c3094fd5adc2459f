"""What the info pages share: a form page run by a service, and a delete confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.requests import TownRequest
from portal.validation import add_service_errors

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
    """Show a form; on a valid POST run `action` (a service call) and redirect where it says."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                target = action(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(target)
        status = 400
    else:
        form = form_class(initial=initial)
        status = 200
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "info/form.html", context, status=status)


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

"""The two shapes of a page that calls a service, for every module's views.

- `post_action`: a button POSTs, a service runs, a message says what happened, the page the
  person came from shows again. A service's refusal is shown as an error message.
- `form_page`: a form; a valid POST runs a service and redirects where it says, else the
  service's errors are shown on the form (status 400, so tests and tools see the failure).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from portal.requests import TownRequest
from portal.validation import add_service_errors


def post_action(
    request: TownRequest,
    *,
    run: Callable[[], object],
    success: str,
    redirect_to: str,
    show_refusal: bool = False,
) -> HttpResponse:
    """Run `run` (one service call); say `success`, or the service's ValidationError, and
    redirect to the URL `redirect_to`. With `show_refusal`, a PermissionDenied is shown the
    same way (acting for someone whose consent ended meanwhile) instead of a 403 page."""
    refusals: tuple[type[Exception], ...] = (
        (ValidationError, PermissionDenied) if show_refusal else (ValidationError,)
    )
    try:
        run()
    except refusals as exc:
        problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        messages.error(request, " ".join(problems))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(redirect_to)


def form_page(
    request: TownRequest,
    *,
    form_class: type[forms.Form],
    template: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
    redirect_to: str | None = None,
    initial: dict[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    form_kwargs: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST run `action` (a service call) with the cleaned data, say
    `done` and go to `redirect_to` — without it, to the URL `action` returns (the new
    item's page). `context` is added to the template's (the form is `form`).

    The form gets the request's uploaded files (`request.FILES`; the template's form needs
    `enctype="multipart/form-data"`) and `form_kwargs` (e.g. the item being edited) on every
    request."""
    extra = dict(form_kwargs or {})
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **extra)
        if form.is_valid():
            try:
                result = action(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                target = redirect_to if redirect_to is not None else result
                if not isinstance(target, str):
                    raise TypeError("form_page: action must return a URL without redirect_to")
                messages.success(request, done)
                return HttpResponseRedirect(target)
        status = 400
    else:
        form = form_class(initial=initial, **extra)
        status = 200
    return render(request, template, {"form": form, **(context or {})}, status=status)

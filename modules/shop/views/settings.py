"""The shop's settings under /shop/settings/: the town administrators change the fee rule,
the answer time, approval and the categories; the network manager sees them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import role_required
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..forms_settings import SERVICE_FIELDS, CategoryChangeForm, CategoryForm, ShopSettingsForm
from ..models import Category, ShopSettings
from ..selectors_settings import all_categories, fee_rule_text
from ..services.settings import create_category, update_category, update_shop_settings

staff_required = role_required(Role.TOWN_ADMIN, Role.MODERATOR)
town_admin_required = role_required(Role.TOWN_ADMIN)


def _euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


def _initial(row: ShopSettings) -> dict[str, Any]:
    rule = row.rule()
    return {
        "fee_kind": rule.kind,
        "fee_due": rule.due,
        "flat_euros": _euros(rule.flat_cents),
        "percent": _euros(rule.basis_points),
        "minimum_euros": _euros(rule.minimum_cents),
        "maximum_euros": _euros(rule.maximum_cents),
        "request_expiry_hours": row.request_expiry_hours,
        "providers_need_approval": row.providers_need_approval,
    }


def _service_errors(exc: ValidationError) -> ValidationError:
    """The service names its arguments (flat_cents); the form its fields (flat_euros)."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {SERVICE_FIELDS.get(name, name): errors for name, errors in exc.error_dict.items()}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def shop_settings(request: TownRequest) -> HttpResponse:
    row = ShopSettings.current()
    may_change = request.user.is_town_admin
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("Only town administrators can change the shop's rules."))
        form = ShopSettingsForm(request.POST)
        if form.is_valid():
            try:
                update_shop_settings(by=request.user, **form.service_arguments())
            except ValidationError as exc:
                add_service_errors(form, _service_errors(exc))
            else:
                messages.success(
                    request,
                    _("The shop settings have been saved. A new fee applies to new requests."),
                )
                return redirect("shop:settings")
    else:
        form = ShopSettingsForm(initial=_initial(row))
    return render(
        request,
        "shop/settings.html",
        {
            "form": form,
            "row": row,
            "rule_text": fee_rule_text(row.rule()),
            "may_change": may_change,
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET"])
def categories(request: TownRequest) -> HttpResponse:
    rows = [
        (
            category,
            CategoryChangeForm(
                initial={
                    "name": category.name,
                    "position": category.position,
                    "is_active": category.is_active,
                },
                prefix=category.slug,
            ),
        )
        for category in all_categories()
    ]
    return render(
        request,
        "shop/categories.html",
        {
            "rows": rows,
            "new_form": CategoryForm(prefix="new"),
            "may_change": request.user.is_town_admin,
        },
    )


def _back() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("shop:categories"))


def _refuse(request: TownRequest, form: CategoryForm | None, exc: ValidationError | None) -> None:
    problems = (
        exc.messages
        if exc is not None
        else [str(error) for errors in (form.errors.values() if form else []) for error in errors]
    )
    messages.error(request, " ".join(problems))


@town_admin_required
@require_POST
def category_create(request: TownRequest) -> HttpResponse:
    form = CategoryForm(request.POST, prefix="new")
    if not form.is_valid():
        _refuse(request, form, None)
        return _back()
    try:
        category = create_category(
            by=request.user, name=form.cleaned_data["name"], position=form.cleaned_data["position"]
        )
    except ValidationError as exc:
        _refuse(request, None, exc)
    else:
        messages.success(
            request, _("The category %(name)s has been added.") % {"name": category.name}
        )
    return _back()


@town_admin_required
@require_POST
def category_update(request: TownRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    form = CategoryChangeForm(request.POST, prefix=category.slug)
    if not form.is_valid():
        _refuse(request, form, None)
        return _back()
    try:
        update_category(
            by=request.user,
            category=category,
            name=form.cleaned_data["name"],
            position=form.cleaned_data["position"],
            is_active=form.cleaned_data["is_active"],
        )
    except ValidationError as exc:
        _refuse(request, None, exc)
    else:
        messages.success(request, _("The category has been saved."))
    return _back()

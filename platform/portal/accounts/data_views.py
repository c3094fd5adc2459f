"""The person's own data: "download my data" and "delete my account"."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from portal.files import private_file_response
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import services
from .models import DataExport


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Please enter your password.")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete my account and my data for good."),
        error_messages={"required": gettext_lazy("Please tick the box to confirm.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: TownRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.request_data_export(user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("We are preparing your data. Reload this page in a moment to download it."),
            )
        return redirect("accounts:my_data")
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(request, "accounts/my_data.html", {"exports": exports})


@login_required
@require_GET
def download_my_data(request: TownRequest, public_id: UUID) -> FileResponse:
    # Another person's (or another town's) export is a 404: nothing says it exists.
    export = DataExport.objects.filter(public_id=public_id, user=request.user).first()
    allowed = export is not None and export.is_downloadable
    return private_file_response(request, path=export.file if export else "", allowed=allowed)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: TownRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            logout(request)
            messages.success(request, _("Your account and your data have been deleted."))
            return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})

"""The impact report: written and edited by the project's organisation (or its proposer),
with photos; the photos shown to everyone while the report is public."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.permissions import participation_required
from portal.files import public_file_response
from portal.forms_views import form_page
from portal.requests import TownRequest

from ..forms_impact import ImpactForm
from ..models import ImpactPhoto, ImpactReport, Payout
from ..services.impacts import add_impact_photo, may_report, write_impact_report


@participation_required
@require_http_methods(["GET", "POST"])
def impact_report(request: TownRequest, payout: str) -> HttpResponse:
    found = get_object_or_404(
        Payout.objects.select_related("round", "proposal__organisation"), public_id=payout
    )
    if not may_report(request.user, found):
        # Nothing tells an outsider that the payout exists.
        raise Http404
    existing = ImpactReport.objects.filter(payout=found).first()
    user = request.user

    def save(data: dict[str, Any]) -> object:
        report = write_impact_report(payout=found, text=data["text"], by=user)
        upload = data.get("image")
        if upload is not None:
            add_impact_photo(
                report=report,
                by=user,
                upload=upload,
                size=upload.size,
                alt_text=data.get("alt_text") or "",
            )
        return report

    return form_page(
        request,
        form_class=ImpactForm,
        template="fund/impact/report.html",
        action=save,
        done=_("Thank you: the report is published on the round's page."),
        redirect_to=reverse("fund:round", args=[found.round.slug]),
        initial={"text": existing.text} if existing else None,
        context={"payout": found, "report": existing},
    )


@require_GET
def impact_photo(request: TownRequest, photo: str) -> FileResponse:
    """A photo of a public impact report (404 when the report is hidden)."""
    found = get_object_or_404(ImpactPhoto.objects.select_related("report"), public_id=photo)
    if found.report.is_hidden:
        raise Http404
    return public_file_response(path=str(found.image.name))

"""An organisation's logo: public (cacheable) once the organisation is approved; before
that, and after a rejection, only for its representatives and the moderators."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from portal.files import private_file_response, public_file_response
from portal.requests import TownRequest

from . import selectors
from .models import Organisation


@require_safe
def organisation_logo(request: TownRequest, slug: str) -> FileResponse:
    organisation = Organisation.objects.filter(slug=slug).exclude(logo="").first()
    if organisation is None:
        raise Http404
    name = str(organisation.logo.name)
    if organisation.is_public:
        return public_file_response(path=name)
    allowed = selectors.visible_organisation(slug=slug, user=request.user) is not None
    return private_file_response(request, path=name, allowed=allowed)

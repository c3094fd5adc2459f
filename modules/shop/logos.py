"""A provider's logo: public (cacheable) once approved; before that only for its owner and
the moderators."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from portal.files import private_file_response, public_file_response
from portal.requests import TownRequest

from . import selectors
from .models import Provider


@require_safe
def provider_logo(request: TownRequest, slug: str) -> FileResponse:
    provider = Provider.objects.filter(slug=slug).exclude(logo="").first()
    if provider is None:
        raise Http404
    name = str(provider.logo.name)
    if provider.is_public:
        return public_file_response(path=name)
    allowed = selectors.visible_provider(slug=slug, user=request.user) is not None
    return private_file_response(request, path=name, allowed=allowed)

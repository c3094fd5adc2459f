"""A URLconf for the moderation-link tests: 'info' has a moderation page, 'exchange' has not."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request: object) -> HttpResponse:
    return HttpResponse("ok")


info_patterns = ([path("moderation/", _page, name="moderation")], "info")
exchange_patterns = ([path("", _page, name="index")], "exchange")

urlpatterns = [
    path("info/", include(info_patterns)),
    path("exchange/", include(exchange_patterns)),
]

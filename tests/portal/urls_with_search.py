"""The town URLconf plus a stand-in `search` page, so the header's search box (its markup is
NAV's, the page SEARCH's) is tested before both parts are merged."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from portal.urls_town import handler404
from portal.urls_town import urlpatterns as town_urlpatterns


def search_stand_in(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/legal.html", {"kind": "imprint"})


urlpatterns = [path("search/", search_stand_in, name="search"), *town_urlpatterns]

__all__ = ["handler404", "urlpatterns"]

from csp.decorators import csp_replace
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from portal.search.api import SearchAPIView

from . import views

app_name = "api"

# Redoc is a third-party page (script from its CDN, styles set by script, a worker from a
# blob): only this page gets the looser policy it needs; every other page keeps the strict one.
_redoc_policy = csp_replace(
    {
        "script-src": ["'self'", "https://cdn.jsdelivr.net"],
        "style-src": ["'self'", "'unsafe-inline'", "https://fonts.googleapis.com"],
        "font-src": ["'self'", "https://fonts.gstatic.com"],
        "img-src": ["'self'", "data:"],
        "worker-src": ["blob:"],
    }
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(urlconf="portal.urls_town"), name="schema"),
    path(
        "docs/",
        _redoc_policy(SpectacularRedocView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    path("town/", views.TownInfoView.as_view(), name="town"),
    path("search/", SearchAPIView.as_view(), name="search"),
]

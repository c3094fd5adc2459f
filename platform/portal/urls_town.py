"""URLs of a town's portal (its subdomain).

The modules' pages and API come from the module registry, each behind its module guard.
"""

from django.urls import include, path
from django.views.i18n import set_language

from portal import registry, views

urlpatterns = [
    path("", views.home, name="home"),
    path("imprint/", views.imprint, name="imprint"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/two-factor/", include("portal.accounts.two_factor_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("manage/", include("portal.console.urls")),
    path("helping/", include("portal.behalf.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("support/", include("portal.operators.support_urls")),
    path("api/v1/notifications/", include("portal.notifications.api_urls")),
    path("api/v1/", include("portal.api.urls_town")),
    *registry.module_urlpatterns(),
    path("media/<slug:schema>/<path:path>", views.town_media, name="town_media"),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler404 = "portal.views.not_found"

"""URLs of a town's portal (its subdomain)."""

from django.urls import include, path
from django.views.i18n import set_language

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("imprint/", views.imprint, name="imprint"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/two-factor/", include("portal.accounts.two_factor_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("manage/", include("portal.console.urls")),
    path("support/", include("tenants.support_urls")),
    path("api/v1/", include("portal.api.urls_town")),
    path("api/v1/directory/", include("modules.directory.api.urls")),
    path("api/v1/info/", include("modules.info.api.urls")),
    path("api/v1/exchange/", include("modules.exchange.api.urls")),
    path("directory/", include("modules.directory.urls")),
    path("info/", include("modules.info.urls")),
    path("exchange/", include("modules.exchange.urls")),
    path("media/<slug:schema>/<path:path>", views.town_media, name="town_media"),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler404 = "portal.views.not_found"

"""URLs of a town's portal (its subdomain).

The modules' pages and API come from the module registry, each behind its module guard.
"""

from django.urls import include, path
from django.views.i18n import set_language

from portal import legal_views, registry, views

urlpatterns = [
    path("", views.home, name="home"),
    path("imprint/", legal_views.imprint, name="imprint"),
    path("privacy/", legal_views.privacy, name="privacy"),
    path("accessibility/", legal_views.accessibility, name="accessibility"),
    path("help/", legal_views.help_page, name="help"),
    path("easy-language/", legal_views.easy_language, name="easy_language"),
    path("accounts/two-factor/", include("portal.accounts.two_factor_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("manage/", include("portal.console.urls")),
    path("helping/", include("portal.behalf.urls")),
    path("support/", include("portal.operators.support_urls")),
    path("api/v1/", include("portal.api.urls_town")),
    *registry.module_urlpatterns(),
    path("media/<slug:schema>/<path:path>", views.town_media, name="town_media"),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler404 = "portal.views.not_found"

"""URLs of a town's portal (its subdomain).

The modules' pages and API come from the module registry, each behind its module guard.
"""

from django.urls import include, path
from django.views.i18n import set_language

from portal import legal_views, registry, views
from portal.area import views as area_views
from portal.search.views import search_page

urlpatterns = [
    path("", views.home, name="home"),
    path("town/", views.town_home, name="town_home"),
    path("me/", area_views.my_area, name="my_area"),
    path("search/", search_page, name="search"),
    path("imprint/", legal_views.imprint, name="imprint"),
    path("privacy/", legal_views.privacy, name="privacy"),
    path("accessibility/", legal_views.accessibility, name="accessibility"),
    path("help/", legal_views.help_page, name="help"),
    path("easy-language/", legal_views.easy_language, name="easy_language"),
    path("accounts/two-factor/", include("portal.accounts.two_factor_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("manage/letters/", include("portal.letters.console_urls")),
    # the town's plan and invoices (billing sits above the portal: included by name)
    path("manage/billing/", include("billing.subscriptions.console_urls")),
    path("manage/", include("portal.console.urls")),
    path("letters/", include("portal.letters.urls")),
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

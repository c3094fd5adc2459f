"""URLs of the operator site (the bare base domain, public schema)."""

from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.i18n import set_language

from portal.mail_log import webhook as mail_webhook
from portal.operators import archive_views
from portal.operators import views as operator_views

operator_patterns = (
    [
        path("", operator_views.town_list, name="town_list"),
        path("login/", operator_views.OperatorLoginView.as_view(), name="login"),
        path("logout/", LogoutView.as_view(next_page="operators:login"), name="logout"),
        path("towns/new/", operator_views.onboard, name="onboard"),
        path("towns/<slug:slug>/support/", operator_views.support_enter, name="support"),
        path("towns/import/", archive_views.import_archive, name="import_archive"),
        path("towns/<slug:slug>/export/", archive_views.town_archive, name="town_archive"),
        path("archives/<str:token>/", archive_views.download, name="archive_download"),
        path("towns/<slug:slug>/<str:action>/", operator_views.change_status, name="status"),
        path("outbox/", operator_views.outbox, name="outbox"),
        path("outbox/<str:name>/", operator_views.outbox, name="outbox_message"),
    ],
    "operators",
)

urlpatterns = [
    path("", include(operator_patterns)),
    path("accounts/two-factor/", include("portal.accounts.two_factor_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("portal.api.urls_public")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("mail/bounces/", mail_webhook.bounce, name="mail_bounce"),
    # Stripe's webhook and the operators' billing pages (billing sits above the portal: by name)
    path("billing/", include("billing.subscriptions.public_urls")),
]

handler404 = "portal.views.operator_not_found"

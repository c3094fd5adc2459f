from django.urls import URLPattern, URLResolver, path

from .views import impact, manage

urlpatterns: list[URLPattern | URLResolver] = [
    path("manage/", manage.manage, name="manage"),
    path("manage/settings/", manage.manage_settings, name="manage_settings"),
    path("manage/rounds/new/", manage.manage_round_new, name="manage_round_new"),
    path("manage/rounds/<slug:round>/", manage.manage_round, name="manage_round"),
    path("manage/rounds/<slug:round>/edit/", manage.manage_round_edit, name="manage_round_edit"),
    path(
        "manage/rounds/<slug:round>/advance/",
        manage.manage_round_advance,
        name="manage_round_advance",
    ),
    path("manage/payouts/<uuid:payout>/transfer/", manage.manage_transfer, name="manage_transfer"),
    path("impact/<uuid:payout>/", impact.impact_report, name="impact_report"),
    path("impact/photos/<uuid:photo>/", impact.impact_photo, name="impact_photo"),
]

from django.urls import URLPattern, URLResolver, path

from portal.registry import open_download_urlpatterns

from . import dashboard, downloads, moderation, pages, town_archive, views

app_name = "console"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard.index, name="index"),
    path("dashboard.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("branding/", views.branding, name="branding"),
    path("pages/", pages.published, name="pages"),
    path("modules/", views.modules, name="modules"),
    path("residency/", views.residency, name="residency"),
    path("security/", views.security, name="security"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<str:code>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("users/", views.users, name="users"),
    path("users/<uuid:public_id>/", views.user_detail, name="user"),
    path("users/<uuid:public_id>/block/", views.block, name="block"),
    path("users/<uuid:public_id>/unblock/", views.unblock, name="unblock"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<uuid:public_id>/approve/", views.approve, name="approve"),
    path("approvals/<uuid:public_id>/reject/", views.reject, name="reject"),
    path("audit/", views.audit, name="audit"),
    path("downloads/", downloads.index, name="downloads"),
    path("archive/", town_archive.index, name="town_archive"),
    path("archive/<str:token>/", town_archive.download, name="town_archive_download"),
    # downloads/<module>/<file>, each behind its module's guard
    *open_download_urlpatterns(downloads.download),
    path("moderation/", moderation.queue, name="moderation"),
    path(
        "moderation/<slug:module>/<slug:kind>/<uuid:public_id>/",
        moderation.act,
        name="moderation_act",
    ),
]

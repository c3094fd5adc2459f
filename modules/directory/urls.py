from django.urls import URLPattern, URLResolver, path

from . import logos, views

app_name = "directory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.organisation_list, name="list"),
    path("register/", views.organisation_register, name="register"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/settings/", views.moderation_settings, name="moderation_settings"),
    path("moderation/<slug:slug>/approve/", views.moderation_approve, name="moderation_approve"),
    path("moderation/<slug:slug>/reject/", views.moderation_reject, name="moderation_reject"),
    path("o/<slug:slug>/", views.organisation_detail, name="detail"),
    path("o/<slug:slug>/logo/", logos.organisation_logo, name="logo"),
    path("o/<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("o/<slug:slug>/confirm/", views.organisation_confirm, name="confirm"),
    path("o/<slug:slug>/offerings/new/", views.offering_add, name="offering_add"),
    path("o/<slug:slug>/offerings/<uuid:public_id>/", views.offering_edit, name="offering_edit"),
    path(
        "o/<slug:slug>/offerings/<uuid:public_id>/remove/",
        views.offering_remove,
        name="offering_remove",
    ),
    path("o/<slug:slug>/representatives/", views.representatives, name="representatives"),
    path(
        "o/<slug:slug>/representatives/<uuid:user_id>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
]

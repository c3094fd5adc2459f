from django.urls import URLPattern, URLResolver, path

from . import logos, views

app_name = "shop"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.provider_list, name="list"),
    path("new/", views.provider_create, name="create"),
    path("claim/<str:token>/", views.provider_claim, name="claim"),
    path("p/<slug:slug>/", views.provider_detail, name="detail"),
    path("p/<slug:slug>/logo/", logos.provider_logo, name="logo"),
    path("p/<slug:slug>/edit/", views.provider_edit, name="edit"),
    path("p/<slug:slug>/claim-link/", views.provider_claim_link, name="claim_link"),
]

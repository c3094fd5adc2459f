from django.urls import URLPattern, URLResolver, path

from . import logos
from .views import offers, orders, providers, settings

app_name = "shop"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", providers.provider_list, name="list"),
    path("new/", providers.provider_create, name="create"),
    path("claim/<str:token>/", providers.provider_claim, name="claim"),
    path("p/<slug:slug>/", providers.provider_detail, name="detail"),
    path("p/<slug:slug>/logo/", logos.provider_logo, name="logo"),
    path("p/<slug:slug>/edit/", providers.provider_edit, name="edit"),
    path("p/<slug:slug>/claim-link/", providers.provider_claim_link, name="claim_link"),
    # offers
    path("o/<uuid:public_id>/", offers.offer_detail, name="offer"),
    # orders
    path("orders/<uuid:public_id>/", orders.order_detail, name="order"),
    # the town's shop settings (administrators; the network manager reads them)
    path("settings/", settings.shop_settings, name="settings"),
    path("settings/categories/", settings.categories, name="categories"),
    path("settings/categories/new/", settings.category_create, name="category_create"),
    path("settings/categories/<slug:slug>/", settings.category_update, name="category_update"),
]

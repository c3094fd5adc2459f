from django.urls import URLPattern, URLResolver, path

from . import logos
from .views import offers, orders, providers, requests

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
    # requests and the people's order actions
    path("o/<uuid:public_id>/request/", requests.request_form, name="request"),
    path(
        "o/<uuid:public_id>/request/for/<uuid:person>/",
        requests.request_for,
        name="request_for",
    ),
    path("for/<uuid:person>/", requests.offers_for, name="behalf_offers"),
    path("orders/", orders.my_orders_page, name="my_orders"),
    path("orders/<uuid:public_id>/confirm/", orders.order_confirm, name="order_confirm"),
    path("orders/<uuid:public_id>/cancel/", orders.order_cancel, name="order_cancel"),
    path("orders/<uuid:public_id>/complete/", orders.order_complete, name="order_complete"),
    path("orders/<uuid:public_id>/accept/", orders.order_accept, name="order_accept"),
    path("orders/<uuid:public_id>/decline/", orders.order_decline, name="order_decline"),
    path("orders/<uuid:public_id>/question/", orders.order_question, name="order_question"),
]

from django.urls import URLPattern, URLResolver, path

from . import logos
from .views import offers, orders, providers

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
]

# the business's one-click links from its e-mails (no log-in; the signed token is the proof)
from .views import answer  # noqa: E402

urlpatterns += [
    path("answer/<str:action>/<str:token>/", answer.answer_order, name="answer"),
]

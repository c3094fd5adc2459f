from django.urls import URLPattern, URLResolver, path

from . import logos
from .views import calendar_feeds, offers, orders, providers, written_orders

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
    # appointments: the business's private calendar feed, and the written order
    path("calendar/<str:token>.ics", calendar_feeds.calendar_feed, name="calendar_feed"),
    path("p/<slug:slug>/calendar/", calendar_feeds.provider_calendar, name="calendar"),
    path("orders/<uuid:public_id>/written/", written_orders.written_order, name="written_order"),
    path(
        "orders/<uuid:public_id>/written.pdf",
        written_orders.written_order_pdf,
        name="written_order_pdf",
    ),
]

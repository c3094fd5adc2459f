from django.urls import URLPattern, URLResolver, path

from . import logos, media_files
from .views import (
    answer,
    calendar_feeds,
    dashboard,
    find,
    invoices,
    media,
    offer_photos,
    offers,
    orders,
    providers,
    requests,
    settings,
    statements,
    written_orders,
)

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
    path("offers/", find.offer_list, name="offers"),
    path("compare/", find.offer_compare, name="compare"),
    path("p/<slug:slug>/offers/new/", offers.offer_create, name="offer_create"),
    path("o/<uuid:public_id>/edit/", offers.offer_edit, name="offer_edit"),
    path("o/<uuid:public_id>/publish/", offers.offer_publish, name="offer_publish"),
    path("o/<uuid:public_id>/withdraw/", offers.offer_withdraw, name="offer_withdraw"),
    path("o/<uuid:public_id>/report/", offers.offer_report, name="offer_report"),
    path("o/<uuid:public_id>/photos/", offer_photos.offer_photos, name="offer_photos"),
    path("offer-photos/<uuid:public_id>/", offer_photos.offer_photo_file, name="offer_photo"),
    path(
        "offer-photos/<uuid:public_id>/delete/",
        offer_photos.offer_photo_delete,
        name="offer_photo_delete",
    ),
    # orders
    path("orders/<uuid:public_id>/", orders.order_detail, name="order"),
    # provider photos and video
    path("p/<slug:slug>/media/", media.provider_media, name="media"),
    path("p/<slug:slug>/photos/new/", media.photo_add, name="photo_add"),
    path(
        "p/<slug:slug>/photos/<uuid:public_id>/remove/",
        media.photo_remove,
        name="photo_remove",
    ),
    path("p/<slug:slug>/video/edit/", media.clip_set, name="clip"),
    path("p/<slug:slug>/video/remove/", media.clip_remove, name="clip_remove"),
    path("p/<slug:slug>/video/", media_files.provider_video, name="video"),
    path("photos/<uuid:public_id>/", media_files.provider_photo, name="photo"),
    # the business's dashboard and its monthly fee statement
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("p/<slug:slug>/dashboard/", dashboard.provider_dashboard, name="provider_dashboard"),
    path(
        "p/<slug:slug>/statement/<int:year>/<int:month>/",
        statements.statement,
        name="statement",
    ),
    path(
        "p/<slug:slug>/statement/<int:year>/<int:month>.pdf",
        statements.statement_pdf,
        name="statement_pdf",
    ),
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
    # the business's one-click links from its e-mails (no log-in; the signed token is the proof)
    path("answer/<str:action>/<str:token>/", answer.answer_order, name="answer"),
    # appointments: the business's private calendar feed, and the written order
    path("calendar/<str:token>.ics", calendar_feeds.calendar_feed, name="calendar_feed"),
    path("p/<slug:slug>/calendar/", calendar_feeds.provider_calendar, name="calendar"),
    path("orders/<uuid:public_id>/written/", written_orders.written_order, name="written_order"),
    path(
        "orders/<uuid:public_id>/written.pdf",
        written_orders.written_order_pdf,
        name="written_order_pdf",
    ),
    # the town's shop settings (administrators; the network manager reads them)
    path("settings/", settings.shop_settings, name="settings"),
    path("settings/categories/", settings.categories, name="categories"),
    path("settings/invoices/", invoices.fee_invoices, name="fee_invoices"),
    path("settings/categories/new/", settings.category_create, name="category_create"),
    path("settings/categories/<slug:slug>/", settings.category_update, name="category_update"),
]

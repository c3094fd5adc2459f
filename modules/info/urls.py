from django.urls import URLPattern, URLResolver, path

from . import feeds, moderation, views

app_name = "info"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("links/new/", views.link_create, name="link_create"),
    path("links/<uuid:public_id>/edit/", views.link_edit, name="link_edit"),
    path("links/<uuid:public_id>/delete/", views.link_delete, name="link_delete"),
    path("news/", views.news_list, name="news_list"),
    path("news.rss", feeds.news_feed, name="news_feed"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/<uuid:public_id>/", views.news_detail, name="news_detail"),
    path("news/<uuid:public_id>/edit/", views.news_edit, name="news_edit"),
    path("news/<uuid:public_id>/delete/", views.news_delete, name="news_delete"),
    path("events/", views.event_list, name="event_list"),
    path("events.ics", feeds.town_calendar, name="town_calendar"),
    path("events/<slug:organiser>.ics", feeds.organiser_calendar, name="organiser_calendar"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<uuid:public_id>/", views.event_detail, name="event_detail"),
    path("events/<uuid:public_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<uuid:public_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<uuid:public_id>/reinstate/", views.event_reinstate, name="event_reinstate"),
    path("events/<uuid:public_id>/delete/", views.event_delete, name="event_delete"),
    path("menus/", views.menu_list, name="menu_list"),
    path("menus/mine/", views.my_menus, name="my_menus"),
    path("menus/new/", views.menu_create, name="menu_create"),
    path("menus/<uuid:public_id>/", views.menu_detail, name="menu_detail"),
    path("menus/<uuid:public_id>/edit/", views.menu_edit, name="menu_edit"),
    path("menus/<uuid:public_id>/delete/", views.menu_delete, name="menu_delete"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("moderation/settings/", moderation.settings_page, name="settings"),
    path(
        "moderation/links/<uuid:public_id>/clear/",
        moderation.link_clear_flag,
        name="link_clear_flag",
    ),
]

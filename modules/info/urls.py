from django.urls import URLPattern, URLResolver, path

from .views import events, feeds, links, menus, moderation, news, overview

app_name = "info"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.index, name="index"),
    path("links/new/", links.link_create, name="link_create"),
    path("links/<uuid:public_id>/edit/", links.link_edit, name="link_edit"),
    path("links/<uuid:public_id>/delete/", links.link_delete, name="link_delete"),
    path("news/", news.news_list, name="news_list"),
    path("news.rss", feeds.news_feed, name="news_feed"),
    path("news/new/", news.news_create, name="news_create"),
    path("news/<uuid:public_id>/", news.news_detail, name="news_detail"),
    path("news/<uuid:public_id>/edit/", news.news_edit, name="news_edit"),
    path("news/<uuid:public_id>/delete/", news.news_delete, name="news_delete"),
    path("events/", events.event_list, name="event_list"),
    path("events.ics", feeds.town_calendar, name="town_calendar"),
    path("events/<slug:organiser>.ics", feeds.organiser_calendar, name="organiser_calendar"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<uuid:public_id>/", events.event_detail, name="event_detail"),
    path("events/<uuid:public_id>/edit/", events.event_edit, name="event_edit"),
    path("events/<uuid:public_id>/cancel/", events.event_cancel, name="event_cancel"),
    path("events/<uuid:public_id>/reinstate/", events.event_reinstate, name="event_reinstate"),
    path("events/<uuid:public_id>/delete/", events.event_delete, name="event_delete"),
    path("menus/", menus.menu_list, name="menu_list"),
    path("menus/mine/", menus.my_menus, name="my_menus"),
    path("menus/new/", menus.menu_create, name="menu_create"),
    path("menus/<uuid:public_id>/", menus.menu_detail, name="menu_detail"),
    path("menus/<uuid:public_id>/edit/", menus.menu_edit, name="menu_edit"),
    path("menus/<uuid:public_id>/delete/", menus.menu_delete, name="menu_delete"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("moderation/settings/", moderation.settings_page, name="settings"),
    path(
        "moderation/links/<uuid:public_id>/clear/",
        moderation.link_clear_flag,
        name="link_clear_flag",
    ),
]

from django.contrib import admin

from .models import Event, InfoSettings, Link, Menu, News


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin[Link]):
    list_display = ["title", "category", "url", "flagged_dead_at", "last_checked_at"]
    list_filter = ["category"]
    search_fields = ["title", "url"]


@admin.register(News)
class NewsAdmin(admin.ModelAdmin[News]):
    list_display = ["title", "publish_at", "expire_at"]
    search_fields = ["title"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "start", "recurrence", "organiser_name", "cancelled_at"]
    list_filter = ["recurrence", "is_town_event"]
    search_fields = ["title", "organiser_name", "organiser_slug"]


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin[Menu]):
    list_display = ["restaurant", "valid_from", "valid_until", "nudged_at"]
    search_fields = ["restaurant"]


admin.site.register(InfoSettings)

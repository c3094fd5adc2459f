"""Writes of the info module: verb-first functions, keyword-only arguments, one transaction each."""

from .events import cancel_event, create_event, delete_event, reinstate_event, update_event
from .links import (
    check_all_links,
    clear_dead_flag,
    create_link,
    delete_link,
    record_link_check,
    update_link,
)
from .menus import delete_menu, nudge_expired_menus, publish_menu, town_today, update_menu
from .news import create_news, delete_news, update_news
from .settings import get_info_settings, update_info_settings

__all__ = [
    "cancel_event",
    "check_all_links",
    "clear_dead_flag",
    "create_event",
    "create_link",
    "create_news",
    "delete_event",
    "delete_link",
    "delete_menu",
    "delete_news",
    "get_info_settings",
    "nudge_expired_menus",
    "publish_menu",
    "record_link_check",
    "reinstate_event",
    "town_today",
    "update_event",
    "update_info_settings",
    "update_link",
    "update_menu",
    "update_news",
]

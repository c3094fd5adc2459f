"""What the info module keeps of a person: the town's content they wrote (it stays, as the
town's, without pointing at them) and a restaurant's lunch menus (deleted with the account)."""

from __future__ import annotations

from typing import Any

from portal.personal_data import ExportPart, PersonalData

from .models import Event, Link, Menu, News


def export_info(user: Any) -> ExportPart:
    data = {
        "menus": list(
            Menu.objects.filter(provider=user).values(
                "restaurant", "dishes", "note", "valid_from", "valid_until"
            )
        ),
        "news_written": list(News.objects.filter(created_by=user).values("title", "publish_at")),
        "events_written": list(Event.objects.filter(created_by=user).values("title", "start")),
        "links_added": list(Link.objects.filter(created_by=user).values("title", "url")),
    }
    return ExportPart(data=data)


def erase_info(user: Any) -> None:
    Menu.objects.filter(provider=user).delete()
    for model in (News, Event, Link):
        model.objects.filter(created_by=user).update(created_by=None)


INFO = PersonalData(
    key="info",
    export=export_info,
    erase=erase_info,
    covers=(
        "info.Menu.provider",
        "info.News.created_by",
        "info.Event.created_by",
        "info.Link.created_by",
    ),
)

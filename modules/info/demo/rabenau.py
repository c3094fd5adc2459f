"""Rabenau am See (fictional, on Lake Constance; area code 07551 as Überlingen's): the
lakeside town's links, events, news and menus.

Organisers' slugs and weekly times are those of the directory's demo organisations
(modules/directory/demo/rabenau.py); a test checks that the two agree.
"""

from __future__ import annotations

from typing import Any

from ..models import EventCategory as E
from ..models import LinkCategory as L
from ..models import Recurrence as R
from .common_links import EMERGENCY_LINKS
from .content import (
    TOWN,
    DemoEvent,
    DemoLink,
    DemoNews,
    EventKind,
    InfoContent,
    Restaurant,
    SeasonalEvent,
)

AREA = "07551"


def _event(
    title: str, days: int, at: tuple[int, int], hours: int, place: str, **more: Any
) -> DemoEvent:
    return DemoEvent(title, days, at[0], at[1], hours, place, **more)


def _trachtenkapelle(title: str, weekday: int = 5) -> DemoEvent:
    return _event(
        title,
        14,
        (19, 0),
        2,
        "Kurhaus am See",
        organiser="Trachtenkapelle Rabenau",
        slug="trachtenkapelle-rabenau",
        weekday=weekday,
    )


# Events of the last weeks (days before today), so the calendar and the dashboard have a past.
PAST = [
    _event(
        "Vortrag: Sicher im Internet",
        -12,
        (19, 0),
        2,
        "Bücherei im Alten Zollhaus",
        organiser="Bücherei im Alten Zollhaus",
        slug="bucherei-im-alten-zollhaus",
    ),
    _event(
        "Kinderkleider-Basar",
        -26,
        (9, 0),
        4,
        "Turnhalle Oberdorf",
        organiser="Elternbeirat der Seeschule",
        weekday=5,
    ),
    _event(
        "Wanderung zum Aussichtsturm",
        -40,
        (10, 0),
        3,
        "Treffpunkt Kirche Oberdorf",
        organiser="TSV Rabenau 1907",
        slug="tsv-rabenau-1907",
        weekday=6,
    ),
    _event(
        "Erste-Hilfe-Kurs für Senioren",
        -54,
        (14, 0),
        3,
        "Rathaus, Ratssaal",
        organiser="DRK-Blutspendedienst",
    ),
    _event(
        "Ökumenischer Abendgottesdienst",
        -68,
        (18, 0),
        1,
        "Evangelische Kirche am Seeufer",
        organiser="Evangelische Seegemeinde",
        slug="evangelische-seegemeinde",
        weekday=6,
    ),
    _event(
        "Spieletreff für Jung und Alt",
        -75,
        (15, 0),
        3,
        "Seniorentreff Oberdorf",
        organiser="Seniorentreff Oberdorf",
        slug="seniorentreff-oberdorf",
        weekday=2,
    ),
]

# What each event is and in which district it takes place (the place's district).
EVENT_KINDS = {
    "Wochenmarkt am Hafen": EventKind(E.FESTIVAL, "Seeufer"),
    "Seniorengymnastik": EventKind(E.SPORT, "Oberdorf"),
    "Chorprobe": EventKind(E.CULTURE, "Altstadt"),
    "Krabbelgruppe": EventKind(E.MEETING, "Seeufer"),
    "Handy-Sprechstunde": EventKind(E.HELP, "Seeufer"),
    "Spielenachmittag": EventKind(E.MEETING, "Oberdorf"),
    "Gemeinderatssitzung": EventKind(E.OTHER, "Altstadt"),
    "Reparaturtreff": EventKind(E.HELP, "Seeufer"),
    "Vortrag: Leben im Flachwasser": EventKind(E.EDUCATION, "Seeufer"),
    "Blutspende": EventKind(E.HELP, "Seeufer"),
    "Führung durch die Altstadt": EventKind(E.CULTURE, "Altstadt"),
    "Theaterabend: Der See ruft": EventKind(E.CULTURE, "Seeufer"),
    "Vorlesestunde": EventKind(E.CULTURE, "Altstadt"),
    "Übungsabend": EventKind(E.OTHER, "Seeufer"),
    "Winterkonzert der Trachtenkapelle": EventKind(E.CULTURE, "Seeufer"),
    "Winterwanderung am Seeufer": EventKind(E.SPORT, "Seeufer"),
    "Frühjahrskonzert der Trachtenkapelle": EventKind(E.CULTURE, "Seeufer"),
    "Uferputzete": EventKind(E.OTHER, "Seeufer"),
    "Seenachtfest": EventKind(E.FESTIVAL, "Seeufer"),
    "Sommerregatta": EventKind(E.SPORT, "Seeufer"),
    "Herbstkonzert der Trachtenkapelle": EventKind(E.CULTURE, "Seeufer"),
    "Fischerfest am Hafen": EventKind(E.FESTIVAL, "Seeufer"),
    # the past events of the demo's history
    "Vortrag: Sicher im Internet": EventKind(E.EDUCATION, "Altstadt"),
    "Kinderkleider-Basar": EventKind(E.FESTIVAL, "Oberdorf"),
    "Wanderung zum Aussichtsturm": EventKind(E.SPORT, "Oberdorf"),
    "Erste-Hilfe-Kurs für Senioren": EventKind(E.EDUCATION, "Altstadt"),
    "Ökumenischer Abendgottesdienst": EventKind(E.CHURCH, "Seeufer"),
    "Spieletreff für Jung und Alt": EventKind(E.MEETING, "Oberdorf"),
}

CONTENT = InfoContent(
    area_code=AREA,
    event_kinds=EVENT_KINDS,
    past=PAST,
    links=[
        *EMERGENCY_LINKS,
        DemoLink(
            L.WASTE,
            "Müllabfuhr: Termine",
            "https://www.example.com/rabenau/abfuhr",
            f"{AREA} 8830",
            "Gelbe Säcke gibt es im Bürgerbüro",
        ),
        DemoLink(
            L.TRANSPORT,
            "Fähre und Kursschiffe: Fahrplan",
            "https://www.example.com/rabenau/schiff",
            f"{AREA} 8870",
            "Anlegestelle am Hafen",
        ),
        DemoLink(
            L.TRANSPORT,
            "Rufbus Seeufer",
            "https://www.example.com/rabenau/rufbus",
            f"{AREA} 8875",
            "Bis eine Stunde vor der Fahrt anrufen",
        ),
        DemoLink(
            L.TOWN_HALL,
            "Bürgerbüro Rabenau",
            "https://www.example.com/rabenau/buergerbuero",
            f"{AREA} 8810",
            "Montag bis Freitag 8–12 Uhr, Mittwoch auch 14–18 Uhr",
        ),
        DemoLink(
            L.TOWN_HALL,
            "Gemeindeblatt „Seebote“",
            "https://www.example.com/rabenau/seebote",
            "",
            "Erscheint jeden Freitag",
        ),
        DemoLink(
            L.OTHER,
            "Bücherei im Alten Zollhaus",
            "https://www.example.com/rabenau/buecherei",
            f"{AREA} 8850",
            "",
        ),
    ],
    events=[
        _event(
            "Wochenmarkt am Hafen",
            1,
            (8, 0),
            4,
            "Hafenplatz",
            organiser=TOWN,
            weekday=5,
            recurrence=R.WEEKLY,
        ),
        _event(
            "Seniorengymnastik",
            1,
            (10, 0),
            1,
            "Turnhalle Oberdorf",
            organiser="TSV Rabenau 1907",
            slug="tsv-rabenau-1907",
            weekday=0,
            recurrence=R.WEEKLY,
            count=30,
        ),
        _event(
            "Chorprobe",
            1,
            (19, 30),
            2,
            "Pfarrsaal St. Nikolaus",
            organiser="Kirchenchor St. Nikolaus",
            slug="kirchenchor-st-nikolaus",
            weekday=3,
            recurrence=R.WEEKLY,
            count=40,
        ),
        _event(
            "Krabbelgruppe",
            1,
            (9, 30),
            2,
            "Gemeindehaus am Seeufer",
            organiser="Evangelische Seegemeinde",
            slug="evangelische-seegemeinde",
            weekday=2,
            recurrence=R.WEEKLY,
        ),
        _event(
            "Handy-Sprechstunde",
            1,
            (10, 0),
            2,
            "Mehrgenerationenhaus, Café",
            organiser="Mehrgenerationenhaus am See",
            slug="mehrgenerationenhaus-am-see",
            weekday=4,
            recurrence=R.WEEKLY,
            count=20,
        ),
        _event(
            "Spielenachmittag",
            1,
            (14, 30),
            3,
            "Seniorentreff Oberdorf",
            organiser="Seniorentreff Oberdorf",
            slug="seniorentreff-oberdorf",
            weekday=1,
            recurrence=R.WEEKLY,
        ),
        _event(
            "Gemeinderatssitzung", 6, (19, 0), 3, "Rathaus, Ratssaal", organiser=TOWN, weekday=3
        ),
        _event(
            "Reparaturtreff",
            9,
            (14, 0),
            3,
            "Altes Bootshaus",
            organiser="Repair-Treff Rabenau",
            slug="repair-treff-rabenau",
            weekday=5,
        ),
        _event(
            "Vortrag: Leben im Flachwasser",
            10,
            (19, 30),
            2,
            "Naturschutzzentrum",
            organiser="Naturschutzgruppe Seeufer",
            slug="naturschutzgruppe-seeufer",
        ),
        _event(
            "Blutspende",
            13,
            (16, 0),
            4,
            "Kurhaus am See",
            organiser="DRK-Blutspendedienst",
            weekday=0,
        ),
        _event(
            "Führung durch die Altstadt",
            4,
            (14, 0),
            2,
            "Treffpunkt Stadttor",
            organiser="Heimatverein Altstadt Rabenau",
            slug="heimatverein-altstadt-rabenau",
            weekday=6,
        ),
        _event(
            "Theaterabend: Der See ruft",
            15,
            (19, 30),
            2,
            "Kurhaus am See",
            organiser="Kulturkreis Seebühne",
            slug="kulturkreis-seebuhne",
            weekday=5,
            cancelled="Die Bühne im Kurhaus wird renoviert; der neue Termin folgt.",
        ),
        _event(
            "Vorlesestunde",
            2,
            (15, 0),
            1,
            "Bücherei im Alten Zollhaus",
            organiser="Bücherei im Alten Zollhaus",
            slug="bucherei-im-alten-zollhaus",
            weekday=3,
        ),
        _event(
            "Übungsabend",
            3,
            (19, 0),
            2,
            "Feuerwehrhaus am Hafen",
            organiser="Feuerwehr Rabenau am See",
            slug="feuerwehr-rabenau-am-see",
            weekday=1,
        ),
    ],
    seasonal=[
        SeasonalEvent("winter", _trachtenkapelle("Winterkonzert der Trachtenkapelle")),
        SeasonalEvent(
            "winter",
            _event(
                "Winterwanderung am Seeufer",
                11,
                (10, 0),
                3,
                "Treffpunkt Hafenplatz",
                organiser="TSV Rabenau 1907",
                slug="tsv-rabenau-1907",
                weekday=6,
            ),
        ),
        SeasonalEvent("spring", _trachtenkapelle("Frühjahrskonzert der Trachtenkapelle")),
        SeasonalEvent(
            "spring",
            _event(
                "Uferputzete",
                11,
                (9, 0),
                3,
                "Treffpunkt Strandbad",
                organiser="Naturschutzgruppe Seeufer",
                slug="naturschutzgruppe-seeufer",
                weekday=5,
            ),
        ),
        SeasonalEvent(
            "summer",
            _event("Seenachtfest", 14, (18, 0), 6, "Uferpromenade", organiser=TOWN, weekday=5),
        ),
        SeasonalEvent(
            "summer",
            _event(
                "Sommerregatta",
                11,
                (10, 0),
                7,
                "Hafen",
                organiser="Segelclub Rabenau am See",
                slug="segelclub-rabenau-am-see",
                weekday=6,
            ),
        ),
        SeasonalEvent("autumn", _trachtenkapelle("Herbstkonzert der Trachtenkapelle")),
        SeasonalEvent(
            "autumn",
            _event(
                "Fischerfest am Hafen",
                11,
                (11, 0),
                6,
                "Hafenplatz",
                organiser="Fischereiverein Seeufer",
                slug="fischereiverein-seeufer",
                weekday=6,
            ),
        ),
    ],
    news=[
        DemoNews(
            "Uferweg wird erneuert",
            "Zwischen Strandbad und Hafen ist der Weg gesperrt.",
            "Der Uferweg bekommt einen neuen Belag. Fußgänger und Radfahrer werden über die "
            "Seestraße umgeleitet. Die Arbeiten dauern etwa vier Wochen.",
            1,
            28,
        ),
        DemoNews(
            "Parken am Hafen: neue Regeln",
            "",
            "Auf dem Hafenparkplatz gilt künftig eine Höchstparkdauer von drei Stunden. "
            f"Anwohnerausweise gibt es im Bürgerbüro, Telefon {AREA} 8810.",
            4,
            None,
        ),
        DemoNews(
            "Mehrgenerationenhaus sucht Vorlesepaten",
            "Eine Stunde in der Woche genügt.",
            "Kinder und ältere Menschen freuen sich über Vorleserinnen und Vorleser. "
            "Melden Sie sich im Mehrgenerationenhaus am See.",
            2,
            30,
        ),
        DemoNews(
            "Schiffsanleger wird barrierefrei",
            "",
            "Der Anleger am Hafen bekommt eine Rampe, damit alle bequem an Bord kommen. "
            "Während des Umbaus legen die Schiffe am Steg beim Strandbad an.",
            6,
            None,
        ),
    ],
    restaurants=[
        Restaurant(
            "Fischerstube am Hafen",
            "fischerstube",
            (0,),
            "Mittagessen 11:30–14 Uhr",
            (
                "Felchenfilet mit Salzkartoffeln – 16,50 €",
                "Kretzer in Mandelbutter mit Salat – 19,80 €",
                "Fischsuppe mit Brot – 8,90 €",
            ),
            address="Hafenstraße 2, 88999 Rabenau am See",
            phone=f"{AREA} 2204",
        ),
        Restaurant(
            "Gasthof Seeblick",
            "seeblick",
            (3,),
            "Mittagstisch 12–14 Uhr",
            (
                "Kässpätzle mit Röstzwiebeln – 11,90 €",
                "Schupfnudeln mit Sauerkraut – 10,50 €",
                "Gemüsestrudel mit Kräuterquark – 11,20 €",
            ),
            address="Seestraße 14, 88999 Rabenau am See",
            phone=f"{AREA} 3817",
        ),
        Restaurant(
            "Bäckerei-Café Wellenbrecher",
            "wellenbrecher",
            (6,),
            "Mittagessen 11–14 Uhr",
            (
                "Dinnele mit Lauch und Speck – 7,90 €",
                "Kartoffelsuppe mit Seelen – 5,90 €",
            ),
            address="Uferpromenade 7, 88999 Rabenau am See",
            phone=f"{AREA} 9045",
        ),
    ],
)

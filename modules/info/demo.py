"""Demo content of the info module: a small Swabian town's links, news, events and menus.

Everything is fictional. Safe to run again: items are found by their titles (menus by their
restaurant and day), so a second run adds nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal.accounts.models import Role, User
from portal.towns import TownFacts

from .models import Event, Link, LinkCategory, Menu, News, Recurrence
from .recurrence import town_zone

LINKS = [
    (LinkCategory.EMERGENCY, "Polizei", "https://www.polizei-bw.de/", "110", "Notruf der Polizei"),
    (
        LinkCategory.EMERGENCY,
        "Feuerwehr und Rettungsdienst",
        "https://www.feuerwehr-bw.de/",
        "112",
        "Europaweiter Notruf",
    ),
    (
        LinkCategory.EMERGENCY,
        "Ärztlicher Bereitschaftsdienst",
        "https://www.116117.de/",
        "116117",
        "Nachts, am Wochenende und an Feiertagen",
    ),
    (
        LinkCategory.EMERGENCY,
        "Giftnotruf Baden-Württemberg",
        "https://www.ukl-freiburg.de/",
        "0761 19240",
        "",
    ),
    (
        LinkCategory.WASTE,
        "Abfuhrkalender",
        "https://www.example.com/abfuhrkalender",
        "",
        "Termine für Restmüll, Biotonne, Papier und Gelben Sack",
    ),
    (
        LinkCategory.WASTE,
        "Wertstoffhof: Öffnungszeiten",
        "https://www.example.com/wertstoffhof",
        "",
        "Mittwoch 14–18 Uhr, Samstag 9–13 Uhr",
    ),
    (
        LinkCategory.TRANSPORT,
        "Fahrplanauskunft Bus und Bahn",
        "https://www.bahn.de/",
        "",
        "Verbindungen ab dem Bahnhof",
    ),
    (
        LinkCategory.TRANSPORT,
        "Bürgerbus",
        "https://www.example.com/buergerbus",
        "07033 5280",
        "Dienstag und Donnerstag, Anmeldung bis zum Vortag",
    ),
    (
        LinkCategory.CINEMA,
        "Kino im Kulturhaus: Programm",
        "https://www.example.com/kino",
        "",
        "Filmabend jeden Freitag",
    ),
    (
        LinkCategory.TOWN_HALL,
        "Bürgerbüro: Termine online buchen",
        "https://www.example.com/buergerbuero",
        "07033 5210",
        "Personalausweis, Reisepass, Meldebescheinigung",
    ),
    (
        LinkCategory.TOWN_HALL,
        "Amtsblatt online",
        "https://www.example.com/amtsblatt",
        "",
        "Erscheint jeden Donnerstag",
    ),
    (
        LinkCategory.OTHER,
        "Stadtbücherei: Katalog",
        "https://www.example.com/stadtbuecherei",
        "",
        "",
    ),
]

# (title, days from today, hour, minute, hours long, place, organiser, slug, repeat, count)
EVENTS = [
    ("Wochenmarkt", 1, 8, 0, 4, "Marktplatz", "Stadtverwaltung", "", Recurrence.WEEKLY, None),
    ("Lauftreff für alle", 2, 18, 30, 1, "Sportplatz am See", "TSV", "tsv", Recurrence.WEEKLY, 30),
    (
        "Chorprobe",
        3,
        19,
        30,
        2,
        "Gemeindehaus",
        "Liederkranz",
        "liederkranz",
        Recurrence.WEEKLY,
        40,
    ),
    (
        "Repair-Café",
        5,
        10,
        0,
        4,
        "Alte Schule",
        "Repair-Café",
        "repair-cafe",
        Recurrence.MONTHLY,
        12,
    ),
    (
        "Seniorennachmittag mit Kaffee und Kuchen",
        6,
        14,
        30,
        3,
        "Gemeindehaus",
        "Evangelische Kirchengemeinde",
        "ev-kirche",
        Recurrence.MONTHLY,
        10,
    ),
    (
        "Gemeinderatssitzung",
        8,
        18,
        30,
        3,
        "Rathaus, Sitzungssaal",
        "Stadtverwaltung",
        "",
        None,
        None,
    ),
    ("Markungsputzete", 11, 9, 0, 3, "Treffpunkt Bauhof", "Stadtverwaltung", "", None, None),
    (
        "Maihock",
        13,
        11,
        0,
        7,
        "Vereinsheim am Lehrgarten",
        "Obst- und Gartenbauverein",
        "ogv",
        None,
        None,
    ),
    ("Frühjahrskonzert", 14, 19, 0, 2, "Stadthalle", "Musikverein", "musikverein", None, None),
    (
        "Vortrag: Streuobstwiesen richtig pflegen",
        9,
        19,
        30,
        2,
        "Alte Schule, Raum 3",
        "Volkshochschule",
        "vhs",
        None,
        None,
    ),
    ("Kinderflohmarkt", 12, 10, 0, 4, "Schulhof der Grundschule", "Elternbeirat", "", None, None),
    ("Blutspende", 16, 15, 0, 4, "Stadthalle", "DRK-Ortsverein", "drk", None, None),
    (
        "Stadtführung: Auf den Spuren der Altstadt",
        4,
        14,
        0,
        2,
        "Treffpunkt Rathaus",
        "Heimatverein",
        "heimatverein",
        Recurrence.MONTHLY,
        6,
    ),
    ("Lesung in der Stadtbücherei", 10, 19, 0, 2, "Stadtbücherei", "Stadtbücherei", "", None, None),
    (
        "Hauptübung der Feuerwehr",
        18,
        14,
        0,
        3,
        "Feuerwehrhaus",
        "Freiwillige Feuerwehr",
        "feuerwehr",
        None,
        None,
    ),
    ("Spieleabend", 5, 19, 0, 3, "Jugendhaus", "Jugendhaus", "jugendhaus", Recurrence.WEEKLY, 20),
    (
        "Krabbelgruppe",
        3,
        9,
        30,
        2,
        "Familienzentrum",
        "Familienzentrum",
        "familienzentrum",
        Recurrence.WEEKLY,
        None,
    ),
    (
        "Sprechstunde des Bürgermeisters",
        7,
        17,
        0,
        2,
        "Rathaus, Zimmer 12",
        "Stadtverwaltung",
        "",
        Recurrence.MONTHLY,
        None,
    ),
    ("Fahrradcodierung", 15, 10, 0, 3, "Rathausplatz", "Polizeiposten", "", None, None),
    ("Sommerfest am See", 20, 15, 0, 6, "Festwiese am See", "Stadtverwaltung", "", None, None),
]
# Weekly events fall on their usual weekday (Monday is 0).
WEEKDAYS = {
    "Wochenmarkt": 5,
    "Lauftreff für alle": 0,
    "Chorprobe": 3,
    "Spieleabend": 4,
    "Krabbelgruppe": 1,
}
CANCELLED = {"Sommerfest am See": "Wegen der Unwetterwarnung auf den Herbst verschoben."}

# (title, summary, body, published days ago, shown for days or None)
NEWS = [
    (
        "Ortsdurchfahrt ab Montag gesperrt",
        "Die Hauptstraße wird zwischen Rathaus und Kirche erneuert.",
        "Ab Montag ist die Hauptstraße für voraussichtlich drei Wochen gesperrt. "
        "Die Umleitung ist ausgeschildert. Der Bürgerbus fährt die Ersatzhaltestelle "
        "am Schulzentrum an.",
        1,
        21,
    ),
    (
        "Sperrmüll: jetzt online anmelden",
        "",
        "Sperrmüll kann ab sofort über das Bürgerbüro online angemeldet werden. "
        "Bitte stellen Sie die Gegenstände erst am Abend vor der Abholung bereit.",
        3,
        None,
    ),
    (
        "Bürgerbüro: neue Öffnungszeiten",
        "Donnerstags jetzt bis 18 Uhr geöffnet.",
        "Damit Berufstätige ihre Anliegen leichter erledigen können, ist das Bürgerbüro "
        "donnerstags künftig bis 18 Uhr geöffnet. Termine können online gebucht werden.",
        5,
        None,
    ),
    (
        "Ferienprogramm: Anmeldung startet",
        "Über 40 Angebote von Vereinen und Betrieben.",
        "Das Sommerferienprogramm ist da. Die Anmeldung beginnt am Montag um 8 Uhr im "
        "Bürgerbüro und online. Helferinnen und Helfer sind herzlich willkommen.",
        2,
        30,
    ),
    (
        "Glasfaser für die Ortsteile",
        "",
        "Der Ausbau des Glasfasernetzes in den Ortsteilen beginnt im Herbst. "
        "Eine Informationsveranstaltung findet in der Stadthalle statt.",
        8,
        None,
    ),
    (
        "Wasserleitung: Spülung im Wohngebiet Süd",
        "",
        "Am Dienstag wird das Leitungsnetz gespült. Das Wasser kann kurzzeitig trüb sein.",
        20,
        10,
    ),
]

MENUS = [
    (
        "Gasthaus zur Krone",
        "krone",
        "Linsen mit Spätzle und Saitenwürstle – 9,80 €\n"
        "Maultaschen in der Brühe – 8,50 €\n"
        "Gemüsemaultaschen, geschmälzt, mit Kartoffelsalat – 10,20 €",
        "Mittagstisch Montag bis Freitag 11:30–14 Uhr",
    ),
    (
        "Landgasthof Lamm",
        "lamm",
        "Zwiebelrostbraten mit Spätzle – 16,90 €\n"
        "Käsespätzle mit Röstzwiebeln und Salat – 11,50 €\n"
        "Flädlesuppe – 4,50 €",
        "Tagesessen mit Suppe 12,50 €",
    ),
    (
        "Café am Markt",
        "cafe",
        "Kartoffelsuppe mit Brot – 5,90 €\nQuiche mit Lauch und Bergkäse – 8,90 €",
        "Dienstag Ruhetag",
    ),
]


def _provider(town: TownFacts, key: str, name: str) -> User:
    email = f"{key}@{town.slug}.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=name)
    user.roles = sorted({Role.RESIDENT, Role.PROVIDER})
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.save(update_fields=["roles", "email_verified_at"])
    return user


def load_demo(*, town: TownFacts) -> None:
    """Fill the current town with fictional, plausible local information."""
    zone = town_zone()
    today = timezone.localdate(timezone.now(), zone)
    staff = User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).order_by("pk").first()

    for position, (category, title, url, phone, description) in enumerate(LINKS):
        Link.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "url": url,
                "phone": phone,
                "description": description,
                "position": position,
                "created_by": staff,
            },
        )

    now = timezone.now()
    for title, summary, body, days_ago, shown_days in NEWS:
        published = now - timedelta(days=days_ago)
        News.objects.get_or_create(
            title=title,
            defaults={
                "summary": summary,
                "body": body,
                "publish_at": published,
                "expire_at": published + timedelta(days=shown_days) if shown_days else None,
                "created_by": staff,
            },
        )

    for title, days, hour, minute, hours, place, organiser, slug, repeat, count in EVENTS:
        day: date = today + timedelta(days=days)
        if title in WEEKDAYS:
            day = today + timedelta(days=1 + (WEEKDAYS[title] - today.weekday() - 1) % 7)
        start = datetime.combine(day, time(hour, minute), tzinfo=zone)
        organiser_name = town.name if organiser == "Stadtverwaltung" else organiser
        reason = CANCELLED.get(title, "")
        Event.objects.get_or_create(
            title=title,
            defaults={
                "description": f"{title} – veranstaltet von {organiser_name}. Alle sind willkommen.",
                "organiser_name": organiser_name,
                "organiser_slug": slug,
                "is_town_event": not slug,
                "place": place,
                "start": start,
                "end": start + timedelta(hours=hours),
                "recurrence": repeat or Recurrence.NONE,
                "recurrence_count": count,
                "cancelled_at": now if reason else None,
                "cancellation_reason": reason,
                "created_by": staff,
            },
        )

    for restaurant, key, dishes, note in MENUS:
        provider = _provider(town, key, restaurant)
        if Menu.objects.filter(
            provider=provider, valid_from__lte=today + timedelta(days=4), valid_until__gte=today
        ).exists():
            continue
        Menu.objects.create(
            provider=provider,
            restaurant=restaurant,
            dishes=dishes,
            note=note,
            valid_from=today,
            valid_until=today + timedelta(days=4),
        )

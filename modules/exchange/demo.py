"""Demo content of the exchange: 60 fictional German listings and a time-bank history."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from billing.ledger import services as ledger
from portal.accounts.models import User
from portal.behalf.models import Consent
from portal.behalf.services import create_managed_resident, record_consent
from portal.towns import TownFacts

from . import scopes
from .models import Listing, Message, Thread, TimeTransfer
from .selectors import current_settings
from .services.listings import create_listing
from .services.timebank import ensure_time_account, transfer_key, transfer_memo

ITEMS = [
    ("give", "Kinderfahrrad 20 Zoll", "Blau, Licht funktioniert, kleine Kratzer am Rahmen."),
    ("give", "Umzugskartons (15 Stück)", "Einmal benutzt, stabil, bitte selbst abholen."),
    ("give", "Tomatenpflanzen aus eigener Anzucht", "Sorten Ochsenherz und Cherry, je 3 Stück."),
    ("give", "Bücherkiste Krimis", "Etwa 20 Taschenbücher, gut erhalten."),
    ("give", "Babyschale mit Isofix-Station", "Unfallfrei, Bezug frisch gewaschen."),
    ("give", "Gartenstühle aus Holz", "Zwei Stück, müssten neu geölt werden."),
    ("give", "Marmeladengläser mit Deckel", "Etwa 40 Gläser, sauber gespült."),
    ("lend", "Bohrmaschine mit Schlagfunktion", "Gerne für ein Wochenende, Bohrer sind dabei."),
    ("lend", "Vertikutierer", "Elektrisch, 32 cm Arbeitsbreite."),
    ("lend", "Festzeltgarnitur", "Tisch und zwei Bänke, passt in einen Kombi."),
    ("lend", "Leiter 3 x 8 Sprossen", "Aluminium, für Dachrinne und Obstbaum."),
    ("lend", "Fondue-Set für 8 Personen", "Mit Gabeln und Rechaud."),
    ("lend", "Anhänger 750 kg", "Mit Plane, bitte mit eigenem Führerschein Klasse B."),
    ("lend", "Nähmaschine", "Einfaches Modell, ideal zum Säumen."),
    ("swap", "Kinderkleidung Gr. 98 gegen Gr. 110", "Ein Karton Sommerkleidung."),
    ("swap", "Erdbeerableger gegen Kräuter", "Suche Rosmarin oder Salbei."),
    ("swap", "Puzzle 1000 Teile gegen anderes Puzzle", "Vollständig, Motiv Bodensee."),
    ("swap", "Brettspiele tauschen", "Siedler und Carcassonne, suche Neues."),
    ("swap", "Zimmerpflanzen-Ableger", "Efeutute, Grünlilie, Geldbaum."),
    ("swap", "Schallplatten gegen CDs", "Schlager und Volksmusik der 70er."),
    ("wanted", "Suche Kinderwagen", "Gerne gebraucht, für unser zweites Kind."),
    ("wanted", "Suche Rasenmäher", "Unserer ist kaputt, gerne auch zum Ausleihen."),
    ("wanted", "Suche Einkochtopf", "Für die Apfelernte im Herbst."),
    ("wanted", "Suche Schreibtisch für Schulkind", "Höhenverstellbar wäre schön."),
    ("wanted", "Suche Wolle für Strickgruppe", "Reste jeder Farbe willkommen."),
    ("wanted", "Suche Fahrradanhänger für Kinder", "Für Ausflüge am Wochenende."),
    ("give", "Kaminholz, Buche", "Etwa ein Ster, trocken, bitte selbst holen."),
    ("give", "Aquarium 60 Liter", "Mit Filter und Heizstab, ohne Fische."),
    ("lend", "Hochdruckreiniger", "Für Terrasse und Auto."),
    ("wanted", "Suche Gitarre für Anfänger", "Für meinen Enkel, gerne gebraucht."),
]
TIME = [
    ("give", "Hilfe im Garten", "Rasen mähen, Hecke schneiden, Unkraut jäten.", 120),
    ("give", "Einkaufen für ältere Nachbarn", "Donnerstags fahre ich ohnehin zum Markt.", 60),
    ("give", "Fahrrad-Reparatur", "Schläuche flicken, Bremsen und Schaltung einstellen.", 60),
    ("give", "Vorlesen im Seniorenheim", "Gerne auch Zeitung oder Briefe.", 60),
    ("give", "Hilfe am Computer und Handy", "Einrichten, Fotos übertragen, Videoanruf.", 90),
    ("give", "Hausaufgabenhilfe Mathe", "Klassen 5 bis 10.", 60),
    ("give", "Kuchen backen für Feste", "Zwetschgenkuchen oder Käsekuchen.", 120),
    ("give", "Hund ausführen", "Morgens oder abends, eine Runde im Feld.", 45),
    ("give", "Fahrdienst zum Arzt", "Im Umkreis von 20 km, werktags.", 90),
    ("give", "Nähen und Flicken", "Hosen kürzen, Knöpfe annähen.", 60),
    ("lend", "Helfende Hände beim Umzug", "Kräftig und mit Transporter-Erfahrung.", 180),
    ("lend", "Blumen gießen im Urlaub", "Auch Briefkasten leeren.", 30),
    ("swap", "Deutsch üben gegen Türkisch lernen", "Einmal pro Woche im Café.", 60),
    ("swap", "Gitarrenunterricht gegen Gartenhilfe", "Anfänger willkommen.", 60),
    ("swap", "Bewerbung schreiben gegen Kinderbetreuung", "Ich helfe beim Lebenslauf.", 90),
    ("wanted", "Suche Hilfe beim Tapezieren", "Ein Zimmer, Material ist da.", 240),
    ("wanted", "Suche Begleitung zum Spaziergang", "Zweimal pro Woche, ich gehe langsam.", 60),
    ("wanted", "Suche Hilfe bei der Steuererklärung", "Einfacher Fall, Rentnerin.", 120),
    ("wanted", "Suche jemanden zum Schachspielen", "Gerne nachmittags.", 90),
    ("wanted", "Suche Hilfe beim Fensterputzen", "Erdgeschoss, sechs Fenster.", 120),
    ("give", "Babysitten am Abend", "Erfahrene Mutter von drei Kindern.", 180),
    ("give", "Gemeinsam kochen", "Einfache schwäbische Küche, Spätzle von Hand.", 120),
    ("give", "Kleine Reparaturen im Haushalt", "Wasserhahn, Regal, Lampe.", 60),
    ("give", "Hilfe beim Ausfüllen von Formularen", "Behörden, Krankenkasse.", 60),
    ("give", "Rasenmähen mit eigenem Mäher", "Kleine und mittlere Gärten.", 60),
    ("wanted", "Suche Hilfe beim Holzhacken", "Ein Nachmittag reicht.", 120),
    ("give", "Englisch-Nachhilfe", "Für Schüler und Erwachsene.", 60),
    ("give", "Stricken lernen", "Anfängerkurs in kleiner Runde.", 90),
    ("wanted", "Suche Hilfe beim Gartenzaun", "Zaunfelder setzen.", 180),
    ("give", "Fotos digitalisieren", "Dias und Abzüge scannen.", 120),
]
# (payer index, payee index, minutes, note): who was helped, who helped.
HISTORY = [
    (2, 3, 120, "Hecke geschnitten"),
    (3, 6, 60, "Einkauf erledigt"),
    (6, 2, 90, "Handy eingerichtet"),
    (5, 3, 45, "Hund ausgeführt"),
    (2, 5, 60, "Fahrrad repariert"),
    (6, 5, 120, "Kuchen fürs Straßenfest"),
    (3, 2, 30, "Blumen gegossen"),
    (5, 6, 60, "Formular ausgefüllt"),
    (2, 6, 75, "Vorgelesen"),
    (6, 3, 105, "Umzugshilfe"),
    (7, 2, 60, "Zur Ärztin gefahren"),
    (2, 8, 90, "Bewerbung durchgesehen"),
    (8, 5, 45, "Knöpfe angenäht"),
    (9, 6, 120, "Zaunfelder gesetzt"),
    (3, 9, 60, "Schach gespielt"),
    (10, 7, 30, "Briefkasten geleert"),
    (5, 10, 90, "Fotos eingescannt"),
    (6, 8, 60, "Englisch geübt"),
]
# The history reaches this far back (the dashboard's last twelve weeks).
HISTORY_DAYS = 84


# Listings the demo shows in use (a conversation) stay active.
KEEP_ACTIVE = {"Hilfe im Garten"}

# Each demo town's telephone area code (Weil der Stadt's for any other town).
AREA_CODES = {"weil-der-stadt": "07033", "rabenau": "07551"}


def _people() -> list[User]:
    return list(
        User.objects.people().filter(is_active=True, email_verified_at__isnull=False).order_by("pk")
    )


def load_demo(*, town: TownFacts) -> None:
    """Create the demo listings and time-bank history once (a second run changes nothing)."""
    people = _people()
    if len(people) < 3:
        return
    with transaction.atomic():
        _load_listings(people)
        _load_history(people)
        _load_helped_resident(people, phone=f"{AREA_CODES.get(town.slug, '07033')} 4711")


def _load_helped_resident(people: list[User], *, phone: str) -> None:
    """A neighbour without internet, whom the network manager helps with her consent."""
    manager = next((p for p in people if p.is_moderator and not p.is_town_admin), None)
    if manager is None or User.objects.filter(is_managed=True).exists():
        return
    hildegard = create_managed_resident(
        created_by=manager, full_name="Hildegard Maier", address="Lindenweg 3", phone=phone
    )
    record_consent(
        recorded_by=manager,
        person=hildegard,
        scopes=[scopes.LISTINGS, scopes.MESSAGES, scopes.TIME],
        given_how=Consent.Given.PAPER,
        note="Formular vom Seniorennachmittag, liegt im Ordner.",
    )
    create_listing(
        owner=manager,
        on_behalf_of=hildegard,
        kind=Listing.Kind.GIVE,
        listing_type=Listing.Type.ITEM,
        title="Einmachgläser und Einkochtopf",
        description="Von Frau Maier. Abholung nach Anruf beim Netzwerkbüro.",
    )


def _load_listings(people: list[User]) -> None:
    if Listing.objects.exists():
        return
    now = timezone.now()
    days = current_settings().listing_days
    listings = []
    for index, (kind, title, text) in enumerate(ITEMS):
        created = now - timedelta(days=(index * 3) % HISTORY_DAYS, hours=index)
        listings.append(
            Listing(
                owner=people[index % len(people)],
                kind=kind,
                listing_type=Listing.Type.ITEM,
                title=title,
                description=text,
                created_at=created,
                expires_at=created + timedelta(days=days),
            )
        )
    for index, (kind, title, text, minutes) in enumerate(TIME):
        created = now - timedelta(days=(index * 5 + 1) % HISTORY_DAYS, hours=index)
        listings.append(
            Listing(
                owner=people[(index + 3) % len(people)],
                kind=kind,
                listing_type=Listing.Type.TIME,
                title=title,
                description=text,
                minutes=minutes,
                created_at=created,
                expires_at=created + timedelta(days=days),
            )
        )
    Listing.objects.bulk_create(
        [_with_outcome(listing, number, now) for number, listing in enumerate(listings)]
    )
    garden = Listing.objects.get(title="Hilfe im Garten")
    interested = next(p for p in people if p.pk != garden.owner_id)
    thread = Thread.objects.create(listing=garden, interested=interested)
    Message.objects.bulk_create(
        [
            Message(
                thread=thread,
                author=interested,
                body="Hallo, könnten Sie am Samstag meine Hecke schneiden?",
            ),
            Message(
                thread=thread,
                author=garden.owner,
                body="Gerne, ich komme gegen 10 Uhr mit der Heckenschere.",
            ),
        ]
    )


def _with_outcome(listing: Listing, number: int, now: datetime) -> Listing:
    """Every third listing found someone a few days after it was posted (a match); one whose
    time ran out before is expired, as the nightly clean-up would have left it."""
    taken = listing.created_at + timedelta(days=1 + number % 5, hours=3)
    if number % 3 == 0 and taken < now and listing.title not in KEEP_ACTIVE:
        listing.status, listing.taken_at = Listing.Status.TAKEN, taken
    elif listing.expires_at < now:
        listing.status = Listing.Status.EXPIRED
    return listing


def _load_history(people: list[User]) -> None:
    if TimeTransfer.objects.exists():
        return
    accounts = {p.pk: ensure_time_account(user=p) for p in people}
    now = timezone.now()
    for number, (payer_i, payee_i, minutes, note) in enumerate(HISTORY):
        payer = people[payer_i % len(people)]
        payee = people[payee_i % len(people)]
        if payer.pk == payee.pk:
            continue
        # spread over the last twelve weeks, the newest two weeks ago
        when = now - timedelta(days=HISTORY_DAYS - number * 4 - number % 3, hours=number)
        confirmed = when + timedelta(hours=5)
        transfer = TimeTransfer.objects.create(
            proposer=payee,
            from_account=accounts[payer.pk],
            to_account=accounts[payee.pk],
            minutes=minutes,
            note=note,
            created_at=when,
        )
        transfer.ledger_transaction = ledger.post(
            key=transfer_key(transfer),
            entries=[
                (accounts[payer.pk].ledger_account, -minutes),
                (accounts[payee.pk].ledger_account, minutes),
            ],
            memo=transfer_memo(transfer),
            at=confirmed,
        )
        transfer.status = TimeTransfer.Status.CONFIRMED
        transfer.confirmed_at = confirmed
        transfer.save(update_fields=["ledger_transaction", "status", "confirmed_at"])
    # One open proposal, so the demo shows the confirm button.
    TimeTransfer.objects.create(
        proposer=people[3 % len(people)],
        from_account=accounts[people[2 % len(people)].pk],
        to_account=accounts[people[3 % len(people)].pk],
        minutes=60,
        note="Rasen gemäht",
    )

"""Demo content: fictional organisations of a small Swabian town (idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.accounts.models import Role, User
from portal.towns import TownFacts

from .models import Category as C
from .models import Kind as K
from .models import Offering, Organisation, Representative
from .search import refresh_search_index

# (name, kind, categories, description, meeting times, [(offering, schedule, text)])
ORGANISATIONS: list[tuple[str, str, list[str], str, str, list[tuple[str, str, str]]]] = [
    (
        "Musikverein Stadtkapelle",
        K.CLUB,
        [C.MUSIC_CULTURE],
        "Blasmusik seit 1868: Konzerte, Ständchen und Umzüge.",
        "Probe freitags 20 Uhr, Musikheim",
        [
            ("Jugendkapelle", "samstags 10 Uhr", "Instrumentenunterricht für Kinder ab 8 Jahren."),
            ("Frühjahrskonzert", "im April", "Unser großes Konzert in der Stadthalle."),
        ],
    ),
    (
        "Kirchen-Chor St. Peter und Paul",
        K.CHURCH,
        [C.FAITH, C.MUSIC_CULTURE],
        "Wir singen im Gottesdienst und bei Konzerten; neue Stimmen sind willkommen.",
        "Donnerstag 19:30, Gemeindehaus",
        [("Offene Chorprobe", "erster Donnerstag im Monat", "Einfach vorbeikommen und mitsingen.")],
    ),
    (
        "Repair-Café",
        K.INITIATIVE,
        [C.REPAIR_SHARING, C.ENVIRONMENT],
        "Reparieren statt wegwerfen: Ehrenamtliche helfen beim Reparieren.",
        "jeden ersten Samstag, 10–13 Uhr, Bürgerhaus",
        [
            (
                "Reparaturtreff",
                "jeden ersten Samstag",
                "Wir reparieren kleine Elektrogeräte, Fahrräder, Spielzeug und Kleidung.",
            ),
            ("Nähecke", "jeden ersten Samstag", "Knöpfe, Säume, Reißverschlüsse."),
        ],
    ),
    (
        "Sportverein 1892",
        K.CLUB,
        [C.SPORT, C.FAMILY_YOUTH],
        "Fußball, Turnen, Leichtathletik und Gesundheitssport für alle Generationen.",
        "Sportgelände am Stadtgraben",
        [
            ("Kinderturnen", "dienstags 16 Uhr", "Für Kinder von 3 bis 6 Jahren."),
            ("Rückenfit", "mittwochs 18 Uhr", "Gesundheitssport mit Übungsleiterin."),
            ("Lauftreff", "sonntags 9 Uhr", "Gemütliches Laufen, alle Tempi."),
        ],
    ),
    (
        "Tafelladen",
        K.INITIATIVE,
        [C.SOCIAL],
        "Lebensmittel für Menschen mit wenig Geld; wir retten Lebensmittel vor der Tonne.",
        "Di und Fr 14–17 Uhr",
        [
            ("Lebensmittelausgabe", "Di und Fr", "Mit Berechtigungsausweis."),
            ("Ehrenamt Fahrdienst", "nach Absprache", "Wir suchen Fahrerinnen und Fahrer."),
        ],
    ),
    (
        "Seniorenkreis St. Martin",
        K.CHURCH,
        [C.SENIORS, C.FAITH],
        "Gemeinsam Kaffee trinken, erzählen, Ausflüge machen.",
        "jeden zweiten Mittwoch, 14:30",
        [
            ("Seniorennachmittag", "jeden zweiten Mittwoch", "Mit Vorträgen und Musik."),
            (
                "Besuchsdienst",
                "nach Absprache",
                "Wir besuchen Menschen, die nicht mehr aus dem Haus kommen.",
            ),
        ],
    ),
    (
        "Freiwillige Feuerwehr",
        K.PUBLIC_SERVICE,
        [C.SAFETY],
        "Retten, löschen, bergen, schützen – rund um die Uhr ehrenamtlich.",
        "Übungsabend montags 19:30",
        [
            ("Jugendfeuerwehr", "freitags 18 Uhr", "Für Jugendliche ab 10 Jahren."),
            ("Brandschutzerziehung", "auf Anfrage", "Für Kindergärten und Schulen."),
        ],
    ),
    (
        "Bürgerbüro im Rathaus",
        K.PUBLIC_SERVICE,
        [C.ADMINISTRATION],
        "Personalausweis, Reisepass, Meldebescheinigung, Fundsachen.",
        "Mo–Fr 8–12 Uhr, Do auch 14–18 Uhr",
        [
            ("Ausweis und Pass", "zu den Öffnungszeiten", "Bitte Termin online buchen."),
            ("Fundbüro", "zu den Öffnungszeiten", "Verloren? Gefunden? Fragen Sie uns."),
        ],
    ),
    (
        "CDU-Stadtverband",
        K.PARTY,
        [C.POLITICS],
        "Christlich-demokratische Politik für unsere Stadt.",
        "Stammtisch jeden dritten Montag",
        [("Bürgersprechstunde", "monatlich", "Unsere Gemeinderäte hören zu.")],
    ),
    (
        "SPD-Ortsverein",
        K.PARTY,
        [C.POLITICS],
        "Sozialdemokratische Politik vor Ort.",
        "Mitgliederabend jeden ersten Dienstag",
        [("Offener Stammtisch", "erster Dienstag", "Gäste sind willkommen.")],
    ),
    (
        "Bündnis 90/Die Grünen Ortsverband",
        K.PARTY,
        [C.POLITICS, C.ENVIRONMENT],
        "Grüne Politik für Klima, Natur und Zusammenhalt.",
        "Treffen jeden zweiten Donnerstag",
        [("Radtour durch die Stadt", "im Mai", "Wir zeigen, wo Radwege fehlen.")],
    ),
    (
        "Freie Wähler",
        K.PARTY,
        [C.POLITICS],
        "Unabhängige Kommunalpolitik, sachlich und bürgernah.",
        "nach Ankündigung",
        [("Fraktionssitzung öffentlich", "vor jeder Gemeinderatssitzung", "Zuhören und mitreden.")],
    ),
    (
        "FDP-Ortsverband",
        K.PARTY,
        [C.POLITICS],
        "Liberale Politik für unsere Stadt.",
        "nach Ankündigung",
        [("Liberaler Stammtisch", "vierteljährlich", "Diskussion zu aktuellen Themen.")],
    ),
    (
        "Evangelische Kirchengemeinde",
        K.CHURCH,
        [C.FAITH, C.SOCIAL],
        "Gottesdienste, Seelsorge, Gruppen für alle Lebensalter; wir unterstützen den Tafelladen.",
        "Gottesdienst sonntags 10 Uhr",
        [
            ("Krabbelgruppe", "montags 9:30", "Für Eltern mit Kindern bis 3 Jahre."),
            ("Seelsorge", "nach Vereinbarung", "Vertrauliche Gespräche."),
        ],
    ),
    (
        "Katholische Kirchengemeinde St. Peter und Paul",
        K.CHURCH,
        [C.FAITH],
        "Gottesdienste, Sakramente, Gemeindeleben.",
        "Messe samstags 18:30, sonntags 10:30",
        [("Ministranten", "nach Plan", "Für Kinder ab der Erstkommunion.")],
    ),
    (
        "Neuapostolische Kirche",
        K.CHURCH,
        [C.FAITH],
        "Gottesdienste und Gemeinschaft.",
        "sonntags 9:30",
        [("Gemeindecafé", "nach dem Gottesdienst", "Zum Kennenlernen.")],
    ),
    (
        "DRK-Ortsverein",
        K.CLUB,
        [C.SAFETY, C.HEALTH],
        "Erste Hilfe, Blutspende, Sanitätsdienst bei Festen.",
        "Bereitschaftsabend dienstags",
        [
            ("Erste-Hilfe-Kurs", "monatlich samstags", "Für Führerschein und Betrieb."),
            ("Blutspende", "viermal im Jahr", "In der Stadthalle."),
        ],
    ),
    (
        "Schwäbischer Albverein Ortsgruppe",
        K.CLUB,
        [C.ENVIRONMENT, C.SPORT],
        "Wandern, Wege pflegen, Heimat erleben.",
        "Wanderungen nach Programm",
        [
            ("Sonntagswanderung", "jeden dritten Sonntag", "10 bis 15 km, mit Einkehr."),
            ("Wegepflege", "im Frühjahr", "Wir markieren Wanderwege."),
        ],
    ),
    (
        "Obst- und Gartenbauverein",
        K.CLUB,
        [C.ENVIRONMENT],
        "Streuobstwiesen erhalten, Bäume schneiden, gemeinsam mosten.",
        "Vereinsabend jeden ersten Freitag",
        [
            ("Schnittkurs", "im Februar", "Obstbäume richtig schneiden."),
            ("Mostaktion", "im Oktober", "Bringen Sie Ihre Äpfel, wir pressen Saft."),
        ],
    ),
    (
        "Narrenzunft Hexenbanner",
        K.CLUB,
        [C.MUSIC_CULTURE],
        "Schwäbisch-alemannische Fasnet mit Häs und Maske.",
        "Zunftabend mittwochs",
        [("Kinderumzug", "am Fasnetsdienstag", "Für alle Kinder in Verkleidung.")],
    ),
    (
        "Heimat- und Geschichtsverein",
        K.CLUB,
        [C.MUSIC_CULTURE, C.EDUCATION],
        "Stadtgeschichte erforschen und erzählen; Heimatmuseum.",
        "Museum sonntags 14–17 Uhr",
        [
            ("Stadtführung", "jeden ersten Sonntag", "Durch die Altstadt mit Geschichten."),
            ("Archivnachmittag", "nach Vereinbarung", "Familienforschung mit Hilfe."),
        ],
    ),
    (
        "Tennisclub Blau-Weiß",
        K.CLUB,
        [C.SPORT],
        "Tennis für Jung und Alt auf sechs Sandplätzen.",
        "Saison April bis Oktober",
        [("Schnupperstunde", "samstags 11 Uhr", "Schläger leihen wir Ihnen.")],
    ),
    (
        "Schachclub Springer",
        K.CLUB,
        [C.SPORT, C.EDUCATION],
        "Schach spielen, lernen, Turniere.",
        "Spielabend freitags 19:30",
        [("Schach für Kinder", "freitags 17 Uhr", "Ab 6 Jahren.")],
    ),
    (
        "Förderverein Freibad",
        K.INITIATIVE,
        [C.SPORT, C.FAMILY_YOUTH],
        "Wir helfen, unser Freibad zu erhalten.",
        "nach Ankündigung",
        [("Badeaufsicht-Helfer", "im Sommer", "Mit Rettungsschwimmer-Abzeichen.")],
    ),
    (
        "Nachbarschaftshilfe",
        K.INITIATIVE,
        [C.SOCIAL, C.SENIORS],
        "Hilfe im Alltag: Einkaufen, Begleitung, kleine Handgriffe.",
        "Telefon Mo–Fr 9–11 Uhr",
        [
            ("Einkaufshilfe", "nach Absprache", "Wir kaufen für Sie ein."),
            ("Fahrdienst zum Arzt", "nach Absprache", "Ehrenamtliche fahren Sie hin und zurück."),
        ],
    ),
    (
        "Bürgerinitiative Lebenswerte Innenstadt",
        K.INITIATIVE,
        [C.POLITICS, C.ENVIRONMENT],
        "Für weniger Durchgangsverkehr und mehr Grün in der Altstadt.",
        "Treffen jeden letzten Mittwoch",
        [("Pflanzaktion", "im Frühjahr", "Wir bepflanzen Baumscheiben.")],
    ),
    (
        "Stadtbücherei",
        K.PUBLIC_SERVICE,
        [C.EDUCATION, C.FAMILY_YOUTH],
        "Bücher, Hörbücher, Spiele, Zeitschriften und Onleihe.",
        "Di–Fr 10–18 Uhr, Sa 10–13 Uhr",
        [
            ("Vorlesestunde", "mittwochs 15 Uhr", "Für Kinder ab 4 Jahren."),
            (
                "Digitalsprechstunde",
                "jeden ersten Dienstag",
                "Hilfe mit Handy, Tablet und Onleihe.",
            ),
        ],
    ),
    (
        "Volkshochschule Außenstelle",
        K.PUBLIC_SERVICE,
        [C.EDUCATION],
        "Kurse für Sprachen, Gesundheit, Kultur und Beruf.",
        "Anmeldung im Rathaus",
        [
            ("Deutschkurs", "montags und mittwochs", "Für Zugewanderte, alle Niveaus."),
            ("Smartphone für Senioren", "im Herbst", "In kleinen Gruppen."),
        ],
    ),
    (
        "Jugendhaus",
        K.PUBLIC_SERVICE,
        [C.FAMILY_YOUTH],
        "Offener Treff für Jugendliche von 12 bis 21 Jahren.",
        "Di–Sa 15–21 Uhr",
        [
            ("Hausaufgabenhilfe", "Di und Do 15 Uhr", "Mit ehrenamtlichen Lernpaten."),
            ("Bandraum", "nach Absprache", "Proberaum mit Schlagzeug und Verstärkern."),
        ],
    ),
    (
        "Familienzentrum",
        K.INITIATIVE,
        [C.FAMILY_YOUTH, C.SOCIAL],
        "Treffpunkt für Familien: Beratung, Kurse, Café.",
        "Mo–Fr 9–12 Uhr",
        [
            ("Elterncafé", "freitags 9 Uhr", "Austausch bei Kaffee."),
            ("Babysitterkurs", "zweimal im Jahr", "Für Jugendliche ab 14."),
        ],
    ),
    (
        "Kleiderkammer",
        K.INITIATIVE,
        [C.SOCIAL, C.REPAIR_SHARING],
        "Gut erhaltene Kleidung für alle, die sie brauchen.",
        "Mi 14–17 Uhr, Sa 10–12 Uhr",
        [("Kleiderausgabe", "Mi und Sa", "Gegen eine kleine Spende.")],
    ),
    (
        "Foodsharing-Gruppe",
        K.INITIATIVE,
        [C.ENVIRONMENT, C.REPAIR_SHARING],
        "Wir retten Lebensmittel und verteilen sie über den Fairteiler.",
        "Fairteiler am Bahnhof, immer offen",
        [("Fairteiler", "jederzeit", "Lebensmittel bringen und holen.")],
    ),
    (
        "Bücherschrank-Paten",
        K.INITIATIVE,
        [C.REPAIR_SHARING, C.EDUCATION],
        "Wir pflegen den offenen Bücherschrank am Marktplatz.",
        "jederzeit",
        [("Offener Bücherschrank", "jederzeit", "Bücher tauschen, kostenlos.")],
    ),
    (
        "Hospizgruppe",
        K.INITIATIVE,
        [C.HEALTH, C.SOCIAL],
        "Begleitung schwerkranker Menschen und ihrer Angehörigen.",
        "Telefon rund um die Uhr",
        [("Trauercafé", "jeden zweiten Sonntag", "Raum für Trauer und Gespräch.")],
    ),
    (
        "Diakoniestation",
        K.PUBLIC_SERVICE,
        [C.HEALTH, C.SENIORS],
        "Ambulante Pflege und Beratung zu Hause.",
        "Mo–Fr 8–16 Uhr",
        [("Pflegeberatung", "nach Termin", "Kostenlos für Angehörige.")],
    ),
    (
        "Gesangverein Liederkranz",
        K.CLUB,
        [C.MUSIC_CULTURE],
        "Männerchor und gemischter Chor, Lieder von Volkslied bis Pop.",
        "Probe dienstags 20 Uhr",
        [("Projektchor", "im Herbst", "Mitsingen ohne Vereinsbeitritt.")],
    ),
    (
        "Theatergruppe Kulisse",
        K.CLUB,
        [C.MUSIC_CULTURE],
        "Laientheater auf Schwäbisch und Hochdeutsch.",
        "Probe montags 19 Uhr",
        [("Theaterabend", "im November", "Drei Aufführungen in der Stadthalle.")],
    ),
    (
        "Radfahrverein Solidarität",
        K.CLUB,
        [C.SPORT],
        "Radtouren, Kunstradfahren, Fahrrad-Codierung.",
        "Ausfahrt sonntags 9 Uhr",
        [
            ("Fahrradcodierung", "im Frühling", "Schutz vor Diebstahl."),
            ("Radtour für Genießer", "jeden zweiten Sonntag", "40 km, gemütlich."),
        ],
    ),
    (
        "Tierschutzverein",
        K.CLUB,
        [C.ENVIRONMENT],
        "Hilfe für Fundtiere, Katzenkastration, Tiervermittlung.",
        "Sprechstunde samstags 10 Uhr",
        [("Gassigehen", "täglich nach Absprache", "Für Hunde aus dem Tierheim.")],
    ),
    (
        "NABU-Gruppe",
        K.CLUB,
        [C.ENVIRONMENT, C.EDUCATION],
        "Natur schützen vor der Haustür: Nistkästen, Amphibien, Wiesen.",
        "Treffen jeden zweiten Dienstag",
        [
            ("Krötenzaun", "im März", "Helferinnen und Helfer gesucht."),
            ("Vogelstimmenwanderung", "im Mai", "Früh morgens mit Fernglas."),
        ],
    ),
    (
        "Verkehrsverein Stadtmarketing",
        K.INITIATIVE,
        [C.MUSIC_CULTURE],
        "Stadtfest, Weihnachtsmarkt und Gutscheinheft.",
        "Büro Marktplatz 3",
        [("Weihnachtsmarkt", "erster Advent", "Mit Ständen der Vereine.")],
    ),
    (
        "Integrationskreis",
        K.INITIATIVE,
        [C.SOCIAL, C.EDUCATION],
        "Begleitung von Geflüchteten und Zugewanderten.",
        "Treffen jeden ersten Montag",
        [
            ("Sprachcafé", "donnerstags 17 Uhr", "Deutsch üben im Gespräch."),
            ("Behördenbegleitung", "nach Absprache", "Wir gehen mit zu Ämtern."),
        ],
    ),
    (
        "Landfrauenverein",
        K.CLUB,
        [C.EDUCATION, C.SOCIAL],
        "Kochkurse, Vorträge, Ausflüge – Frauen aus Stadt und Land.",
        "Monatstreffen jeden dritten Mittwoch",
        [("Kochkurs regional", "im Winter", "Kochen mit Zutaten aus der Region.")],
    ),
    (
        "Wertstoffhof",
        K.PUBLIC_SERVICE,
        [C.ENVIRONMENT, C.ADMINISTRATION],
        "Annahme von Grüngut, Sperrmüll-Kleinmengen und Wertstoffen.",
        "Fr 14–18 Uhr, Sa 9–13 Uhr",
        [("Grüngutannahme", "Fr und Sa", "Hecken- und Rasenschnitt.")],
    ),
]


@transaction.atomic
def load_demo(*, town: TownFacts) -> None:
    """Create the demo organisations (approved), their offerings and a representative."""
    representative = User.objects.filter(roles__contains=[Role.ORGANISATION]).first()
    now = timezone.now()
    for index, (name, kind, categories, description, times, offerings) in enumerate(ORGANISATIONS):
        slug = slugify(name)[:70]
        organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "categories": list(categories),
                "description": description,
                "meeting_times": times,
                "contact_name": "",
                "email": f"kontakt@{slug[:30]}.example",
                "address": f"{town.name}",
                "status": Organisation.Status.APPROVED,
                "approved_at": now,
                # A few profiles are old, so the 'may be out of date' notice shows.
                "last_reviewed_at": now - timedelta(days=400 if index % 9 == 4 else 20),
            },
        )
        if not created:
            continue
        for title, schedule, text in offerings:
            Offering.objects.create(
                organisation=organisation, title=title, schedule=schedule, description=text
            )
        if representative is not None and index % 10 == 2:
            Representative.objects.get_or_create(organisation=organisation, user=representative)
        refresh_search_index(organisation)

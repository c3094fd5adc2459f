"""Rabenau am See (fictional, on Lake Constance; area code 07551): the lakeside town's
clubs, churches and services, none of them named like Weil der Stadt's.

Weekly offerings named like an event of the info module's demo (modules/info/demo/
rabenau.py) give that event's weekday and time; a test checks that the two agree.
"""

from __future__ import annotations

from ..models import Category as C
from ..models import Kind as K
from .content import DemoOrganisation, DirectoryContent

ORGANISATIONS: list[DemoOrganisation] = [
    (
        "Segelclub Rabenau am See",
        K.CLUB,
        [C.SPORT],
        "Segeln lernen und Regatten fahren; Jollen und Boote für Mitglieder.",
        "Saison April bis Oktober, Clubhaus am Hafen",
        [
            ("Jüngstentraining", "samstags 10 Uhr", "Für Kinder ab 8 Jahren im Optimisten."),
            ("Sommerregatta", "im Juli", "Unsere Regatta vor dem Hafen."),
        ],
    ),
    (
        "DLRG-Ortsgruppe Rabenau",
        K.CLUB,
        [C.SAFETY, C.SPORT],
        "Schwimmen lernen, Rettungsschwimmer werden, Wachdienst am Strandbad.",
        "Schwimmtraining mittwochs 18 Uhr, Hallenbad",
        [("Seepferdchenkurs", "mittwochs 17 Uhr", "Für Kinder ab 5 Jahren.")],
    ),
    (
        "TSV Rabenau 1907",
        K.CLUB,
        [C.SPORT, C.SENIORS],
        "Turnen, Volleyball, Wandern und Gesundheitssport am See.",
        "Turnhalle Oberdorf",
        [
            ("Seniorengymnastik", "montags 10 Uhr", "Beweglich bleiben, in Ruhe und mit Spaß."),
            ("Beachvolleyball", "im Sommer", "Am Strandbad."),
        ],
    ),
    (
        "Repair-Treff Rabenau",
        K.INITIATIVE,
        [C.REPAIR_SHARING, C.ENVIRONMENT],
        "Kaputte Geräte, Fahrräder und Kleidung gemeinsam reparieren statt wegwerfen.",
        "jeden letzten Samstag, 14–17 Uhr, Altes Bootshaus",
        [
            (
                "Reparaturtreff",
                "jeden letzten Samstag, 14 Uhr",
                "Wir reparieren Toaster, Lampen, Fahrräder und Computer.",
            )
        ],
    ),
    (
        "Fischereiverein Seeufer",
        K.CLUB,
        [C.ENVIRONMENT],
        "Berufs- und Freizeitfischer, Fischbesatz und Gewässerpflege.",
        "Vereinsabend jeden ersten Freitag, 19:30",
        [("Fischerfest am Hafen", "im September", "Mit Felchen vom Grill.")],
    ),
    (
        "Trachtenkapelle Rabenau",
        K.CLUB,
        [C.MUSIC_CULTURE],
        "Blasmusik in Tracht: Konzerte im Kurhaus, Umzüge und Ständchen.",
        "Probe mittwochs 20 Uhr, Musikraum im Kurhaus",
        [("Jungmusik", "montags 17 Uhr", "Instrumente ausprobieren ab 9 Jahren.")],
    ),
    (
        "Kirchenchor St. Nikolaus",
        K.CHURCH,
        [C.FAITH, C.MUSIC_CULTURE],
        "Wir gestalten Gottesdienste und Konzerte in St. Nikolaus.",
        "Probe donnerstags 19:30, Pfarrsaal",
        [("Chorprobe", "donnerstags 19:30", "Neue Sängerinnen und Sänger sind willkommen.")],
    ),
    (
        "Seniorentreff Oberdorf",
        K.INITIATIVE,
        [C.SENIORS, C.SOCIAL],
        "Kaffee, Spiele und Gespräche für Ältere aus allen Ortsteilen.",
        "dienstags 14:30–17:30",
        [("Spielenachmittag", "dienstags 14:30", "Rommé, Mensch ärgere dich nicht, Skat.")],
    ),
    (
        "Feuerwehr Rabenau am See",
        K.PUBLIC_SERVICE,
        [C.SAFETY],
        "Brandschutz, technische Hilfe und Wasserrettung mit dem Feuerwehrboot.",
        "Übungsabend dienstags 19 Uhr",
        [("Übungsabend", "dienstags 19 Uhr", "Gäste, die mitmachen wollen, sind willkommen.")],
    ),
    (
        "Tafel Rabenau",
        K.INITIATIVE,
        [C.SOCIAL],
        "Gerettete Lebensmittel für Menschen mit kleinem Einkommen.",
        "Ausgabe Di und Fr 14–17 Uhr",
        [("Lebensmittelausgabe", "Di und Fr", "Mit Berechtigungsausweis.")],
    ),
    (
        "Bürgerbüro Rabenau",
        K.PUBLIC_SERVICE,
        [C.ADMINISTRATION],
        "Ausweise, Meldewesen, Fundsachen und Gästekarten.",
        "Mo–Fr 8–12 Uhr, Mi auch 14–18 Uhr",
        [("Gästekarte", "zu den Öffnungszeiten", "Für Feriengäste und ihre Gastgeber.")],
    ),
    (
        "Heimatverein Altstadt Rabenau",
        K.CLUB,
        [C.MUSIC_CULTURE, C.EDUCATION],
        "Geschichte der Fischer und Schiffer; Museum im Stadttor.",
        "Museum sonntags 14–17 Uhr",
        [
            (
                "Führung durch die Altstadt",
                "jeden ersten Sonntag, 14 Uhr",
                "Vom Stadttor zum Hafen.",
            )
        ],
    ),
    (
        "Naturschutzgruppe Seeufer",
        K.CLUB,
        [C.ENVIRONMENT, C.EDUCATION],
        "Schilf, Flachwasser und Vögel am Ufer schützen.",
        "Treffen jeden zweiten Dienstag",
        [("Vogelzählung", "im Januar", "Mit Fernglas am Ufer.")],
    ),
    (
        "Mehrgenerationenhaus am See",
        K.INITIATIVE,
        [C.SOCIAL, C.FAMILY_YOUTH, C.SENIORS],
        "Offenes Haus für Jung und Alt: Café, Beratung, Kurse.",
        "Mo–Fr 9–17 Uhr",
        [
            (
                "Handy-Sprechstunde",
                "freitags 10 Uhr",
                "Jugendliche helfen mit Handy, Tablet und Computer.",
            ),
            ("Mittagstisch", "mittwochs 12 Uhr", "Gemeinsam Mittagessen für 5 €."),
        ],
    ),
    (
        "Evangelische Seegemeinde",
        K.CHURCH,
        [C.FAITH, C.FAMILY_YOUTH],
        "Gottesdienste, Kinder- und Familienarbeit am Seeufer.",
        "Gottesdienst sonntags 10 Uhr",
        [("Krabbelgruppe", "mittwochs 9:30", "Für Eltern mit Kindern bis 3 Jahre.")],
    ),
    (
        "Katholische Pfarrei St. Nikolaus",
        K.CHURCH,
        [C.FAITH],
        "Messen, Sakramente und Seelsorge.",
        "Messe sonntags 9 Uhr",
        [("Besuchsdienst", "nach Absprache", "Wir besuchen Kranke und Ältere.")],
    ),
    (
        "Bücherei im Alten Zollhaus",
        K.PUBLIC_SERVICE,
        [C.EDUCATION, C.FAMILY_YOUTH],
        "Bücher, Zeitschriften, Spiele und Onleihe.",
        "Di–Fr 10–18 Uhr",
        [("Vorlesestunde", "donnerstags 15 Uhr", "Für Kinder ab 4 Jahren.")],
    ),
    (
        "Nachbarschaftshilfe Rabenau",
        K.INITIATIVE,
        [C.SOCIAL, C.SENIORS],
        "Einkaufen, Begleitung zum Arzt, kleine Hilfen im Haushalt.",
        "Telefon Mo–Fr 9–11 Uhr",
        [("Einkaufshilfe", "nach Absprache", "Wir kaufen für Sie ein.")],
    ),
    (
        "Narrenzunft Seegeister",
        K.CLUB,
        [C.MUSIC_CULTURE],
        "Seehas und Seegeister: Fasnet am See mit Häs und Larve.",
        "Zunftabend freitags 20 Uhr",
        [("Kinderball", "am Fasnetssonntag", "Für alle Kinder in Verkleidung.")],
    ),
    (
        "Kulturkreis Seebühne",
        K.INITIATIVE,
        [C.MUSIC_CULTURE],
        "Theater, Lesungen und Kleinkunst im Kurhaus.",
        "Probe montags 19:30",
        [("Theaterabend: Der See ruft", "nach Programm", "Eine Komödie in drei Akten.")],
    ),
]

CONTENT = DirectoryContent(area_code="07551", organisations=ORGANISATIONS)

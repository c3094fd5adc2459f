"""The demo's 40 offers of the fifteen Weil der Stadt businesses (fictional): realistic
German titles and descriptions, gross prices in cents (incl. VAT), all three price models.
The bakery's breakfast rolls are delivered by Taxi Kepler, the pilot's example of two
businesses working together; the taxi firm offers the delivery round as its own service."""

from __future__ import annotations

from .models import PriceModel

H, F, Q = PriceModel.HOURLY, PriceModel.FLAT, PriceModel.QUOTE

# business name -> [(category slug, title, description, price model, cents, minutes, when)]
OFFERS: dict[str, list[tuple[str, str, str, str, int | None, int | None, str]]] = {
    "Malerbetrieb Farbfroh": [
        (
            "haus-handwerk",
            "Zimmer streichen",
            "Wände und Decke eines Zimmers bis 20 m², "
            "inklusive Abdecken und Reinigung. Farbe nach Wahl (weiß im Preis enthalten).",
            F,
            38000,
            8 * 60,
            "Termine meist innerhalb von zwei Wochen",
        ),
        (
            "haus-handwerk",
            "Malerarbeiten nach Stunden",
            "Kleine Ausbesserungen, Lackieren von Türen und Heizkörpern, Ausbessern nach Umzug.",
            H,
            5200,
            None,
            "Mo–Fr",
        ),
        (
            "haus-handwerk",
            "Fassadenanstrich",
            "Besichtigung vor Ort und Angebot für den "
            "Anstrich Ihrer Hausfassade, mit Gerüst auf Wunsch.",
            Q,
            None,
            None,
            "März bis Oktober",
        ),
    ],
    "Elektro Funke": [
        (
            "haus-handwerk",
            "E-Check für Wohnungen",
            "Prüfung der Elektroanlage nach DGUV V3 mit Prüfprotokoll, bis 80 m² Wohnfläche.",
            F,
            14900,
            120,
            "Mo–Fr vormittags",
        ),
        (
            "haus-handwerk",
            "Elektro-Reparatur",
            "Steckdosen, Schalter, Lampen anschließen, "
            "Fehlersuche. Anfahrt im Stadtgebiet inklusive.",
            H,
            6900,
            None,
            "Mo–Fr 7:30–16:30 Uhr",
        ),
        (
            "haus-handwerk",
            "Wallbox installieren",
            "Beratung, Anmeldung beim Netzbetreiber "
            "und Installation einer Ladestation für Ihr Elektroauto.",
            Q,
            None,
            None,
            "nach Besichtigung",
        ),
    ],
    "Gartenpflege Grünzeug": [
        (
            "garten",
            "Hecke schneiden",
            "Formschnitt von Hecken bis 2 m Höhe, Schnittgut wird mitgenommen.",
            H,
            4500,
            None,
            "März bis September",
        ),
        (
            "garten",
            "Rasen mähen",
            "Rasenfläche bis 300 m² mähen, Kanten schneiden, Schnittgut entsorgen.",
            F,
            3900,
            60,
            "alle zwei Wochen möglich",
        ),
        (
            "garten",
            "Laub räumen im Herbst",
            "Laub von Rasen, Wegen und Beeten rechen und abfahren.",
            H,
            4200,
            None,
            "Oktober und November",
        ),
        (
            "garten",
            "Gartengestaltung",
            "Neue Beete, Wege oder ein Hochbeet: wir kommen vorbei und machen Ihnen ein Angebot.",
            Q,
            None,
            None,
            "nach Vereinbarung",
        ),
    ],
    "Glasklar Fensterreinigung": [
        (
            "reinigung",
            "Fenster putzen",
            "Fenster innen und außen mit Rahmen und Fensterbank, streifenfrei.",
            H,
            3900,
            None,
            "Mo–Sa 8–18 Uhr",
        ),
        (
            "reinigung",
            "Fensterreinigung Einfamilienhaus",
            "Alle Fenster eines Hauses bis zu 15 Fenstern, innen und außen, mit Rahmen.",
            F,
            18900,
            4 * 60,
            "Mo–Sa",
        ),
        (
            "reinigung",
            "Wintergarten reinigen",
            "Glasdach und Seitenwände, innen und außen. Preis nach Größe und Zugang.",
            Q,
            None,
            None,
            "April bis Oktober",
        ),
    ],
    "Radwerkstatt Kette & Co.": [
        (
            "fahrrad-mobilitaet",
            "Fahrrad-Inspektion",
            "Bremsen, Schaltung, Licht und Reifen "
            "prüfen und einstellen, Kette ölen. Ersatzteile extra.",
            F,
            5900,
            90,
            "Di–Fr, meist in drei Tagen fertig",
        ),
        (
            "fahrrad-mobilitaet",
            "Pedelec-Check",
            "Inspektion mit Akku- und Motordiagnose, Software-Update des Antriebs.",
            F,
            8900,
            120,
            "Di–Fr",
        ),
        (
            "fahrrad-mobilitaet",
            "Hol- und Bringservice",
            "Wir holen Ihr Rad zu Hause ab und bringen es repariert zurück (Kernstadt).",
            F,
            1500,
            30,
            "Di und Do",
        ),
    ],
    "Friseurin unterwegs": [
        (
            "haare-kosmetik",
            "Haarschnitt zu Hause (Damen)",
            "Waschen, Schneiden, Föhnen bei Ihnen zu Hause.",
            F,
            3800,
            60,
            "Mo–Do",
        ),
        (
            "haare-kosmetik",
            "Haarschnitt zu Hause (Herren)",
            "Waschen und Schneiden bei Ihnen zu Hause oder im Pflegeheim.",
            F,
            2600,
            40,
            "Mo–Do",
        ),
        (
            "haare-kosmetik",
            "Dauerwelle oder Färben",
            "Dauerwelle, Färben oder Tönen zu Hause; "
            "der Preis richtet sich nach Haarlänge und Mittel.",
            Q,
            None,
            None,
            "nach Vereinbarung",
        ),
    ],
    "Fußpflege Sanftschritt": [
        (
            "gesundheit-pflege",
            "Medizinische Fußpflege",
            "Nägel kürzen, Hornhaut entfernen, Hühneraugen behandeln.",
            F,
            3500,
            45,
            "Mo, Mi, Fr",
        ),
        (
            "gesundheit-pflege",
            "Fußpflege als Hausbesuch",
            "Medizinische Fußpflege bei Ihnen zu Hause, inklusive Anfahrt.",
            F,
            4800,
            60,
            "Mo, Mi, Fr",
        ),
    ],
    "Computerhilfe Klick": [
        (
            "computer-telefon",
            "Hilfe am Computer und Handy",
            "Einrichten, Fotos übertragen, "
            "Videoanruf mit den Enkeln – geduldig erklärt, bei Ihnen zu Hause.",
            H,
            4000,
            None,
            "Mo–Fr 9–19 Uhr",
        ),
        (
            "computer-telefon",
            "Neues Handy einrichten",
            "Daten vom alten Gerät übertragen, WhatsApp und Kontakte einrichten, kurze Einweisung.",
            F,
            4900,
            60,
            "Mo–Fr",
        ),
        (
            "computer-telefon",
            "Drucker und WLAN einrichten",
            "Drucker anschließen, WLAN einrichten oder verbessern, Fehler suchen.",
            H,
            4000,
            None,
            "Mo–Fr",
        ),
    ],
    "Sozialstation Weil der Stadt": [
        (
            "gesundheit-pflege",
            "Hauswirtschaftliche Hilfe",
            "Putzen, Wäsche, Einkaufen – "
            "kostenpflichtige Leistung, auch über die Pflegekasse abrechenbar.",
            H,
            3450,
            None,
            "Mo–Fr 8–16 Uhr",
        ),
        (
            "gesundheit-pflege",
            "Begleitung zum Arzt",
            "Wir begleiten Sie zu Arztterminen und Behördengängen.",
            H,
            3450,
            None,
            "Mo–Fr",
        ),
        (
            "gesundheit-pflege",
            "Betreuung zu Hause",
            "Gesellschaft, Vorlesen, Spazierengehen "
            "– Betreuung stundenweise zur Entlastung der Angehörigen.",
            H,
            3200,
            None,
            "Mo–Fr",
        ),
        (
            "gesundheit-pflege",
            "Beratungsbesuch nach § 37.3 SGB XI",
            "Beratungseinsatz für Pflegegeldempfänger, mit Nachweis für die Pflegekasse.",
            F,
            4600,
            60,
            "nach Vereinbarung",
        ),
    ],
    "Bäckerei Morgenrot": [
        (
            "essen-trinken",
            "Frühstücksbrötchen ans Haus",
            "Jeden Morgen frische Brötchen an "
            "Ihre Tür, bis 7:30 Uhr – geliefert vom Taxi Kepler, mit dem wir zusammenarbeiten. "
            "Preis für 6 Brötchen pro Lieferung, Lieferung inklusive.",
            F,
            590,
            None,
            "Mo–Sa",
        ),
        (
            "essen-trinken",
            "Brotzeit-Platte für Feiern",
            "Belegte Brötchen und Laugengebäck "
            "für 10 Personen; für größere Feiern machen wir Ihnen gern ein Angebot.",
            F,
            4500,
            None,
            "mit zwei Tagen Vorlauf",
        ),
    ],
    "Taxi Kepler": [
        (
            "fahrrad-mobilitaet",
            "Fahrt zum Arzt",
            "Fahrt im Stadtgebiet zu Arztpraxis oder "
            "Klinik und zurück, mit Hilfe beim Ein- und Aussteigen.",
            F,
            2400,
            60,
            "täglich 6–22 Uhr",
        ),
        (
            "fahrrad-mobilitaet",
            "Brötchen-Lieferdienst",
            "Unsere Frühtour bringt die "
            "Frühstücksbrötchen der Bäckerei Morgenrot an Ihre Tür; bei uns buchen Sie die "
            "Lieferung auch für Einkäufe aus anderen Geschäften.",
            F,
            250,
            None,
            "Mo–Sa ab 6 Uhr",
        ),
        (
            "fahrrad-mobilitaet",
            "Einkaufsfahrt",
            "Wir fahren Sie zum Einkaufen, warten und tragen die Taschen bis zur Tür.",
            H,
            3900,
            None,
            "Mo–Sa",
        ),
    ],
    "Schreinerei Holzwurm": [
        (
            "haus-handwerk",
            "Türen und Fenster reparieren",
            "Klemmende Türen und Fenster einstellen, Beschläge und Dichtungen erneuern.",
            H,
            5800,
            None,
            "Mo–Fr 7–16 Uhr",
        ),
        (
            "haus-handwerk",
            "Möbel nach Maß",
            "Einbauschrank, Regal oder Küche nach Maß – Aufmaß vor Ort und Angebot.",
            Q,
            None,
            None,
            "Lieferzeit etwa sechs Wochen",
        ),
    ],
    "Haushaltshilfe Rundum": [
        (
            "reinigung",
            "Wohnung putzen",
            "Küche, Bad, Böden und Staubwischen, mit Ihren oder unseren Mitteln.",
            H,
            2900,
            None,
            "Mo–Fr 8–14 Uhr",
        ),
        (
            "reinigung",
            "Frühjahrsputz",
            "Gründliche Reinigung einer Wohnung bis 70 m², inklusive Fenster und Schränke innen.",
            F,
            24900,
            8 * 60,
            "März bis Mai",
        ),
    ],
    "Schneiderei Nadelöhr": [
        (
            "sonstiges",
            "Hose kürzen",
            "Hose kürzen mit Originalsaum oder neuem Saum.",
            F,
            1400,
            None,
            "Abholung nach drei Tagen",
        ),
        (
            "sonstiges",
            "Reißverschluss ersetzen",
            "Neuer Reißverschluss in Jacke, Hose oder Rock; Preis nach Kleidungsstück.",
            Q,
            None,
            None,
            "Di–Fr 9–12 Uhr",
        ),
    ],
    "Hofladen Sonnenhof": [
        (
            "essen-trinken",
            "Gemüsekiste vom Hof",
            "Saisonales Gemüse und Obst vom Sonnenhof, etwa 5 kg, geliefert nach Münklingen.",
            F,
            2200,
            None,
            "freitags",
        ),
    ],
}

"""`manage.py demo`: two branded demo towns with fictional people (idempotent)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tenants.utils import tenant_context

from portal.accounts.models import Role, User
from portal.branding.legal_services import write_demo_pages
from portal.branding.logos import clean_logo
from portal.branding.models import Branding
from portal.branding.services import update_branding
from portal.operators.demo_history import write_history
from portal.operators.demo_logos import draw_demo_logo
from portal.operators.services import provision_town
from portal.towns import TownFacts
from tenants.addresses import town_host
from tenants.models import Town

DEMO_PASSWORD = "lq-demo-2026"  # noqa: S105 - fictional demo accounts, printed on purpose
DEMO_OPERATOR = "operator@lq.example"


@dataclass(frozen=True)
class DemoTown:
    slug: str
    name: str
    postcodes: list[str]
    districts: list[str]
    tagline: str
    primary: str
    accent: str
    domain: str  # e-mail domain of the fictional people
    initials: str  # on the generated logo
    emblem: str  # the logo's picture: "star" or "waves" (portal.operators.demo_logos)
    people: list[tuple[str, str, list[Role]]]  # (name, local part, roles)
    # residents who registered over the last weeks (name, local part), for the history
    residents: list[tuple[str, str]] = field(default_factory=list)
    # what people looked for and did not find, for the history
    unfound_terms: list[str] = field(default_factory=list)


DEMO_TOWNS = [
    DemoTown(
        slug="weil-der-stadt",
        name="Weil der Stadt",
        postcodes=["71263"],
        districts=["Kernstadt", "Merklingen", "Schafhausen", "Münklingen", "Hausen"],
        tagline="Keplerstadt – gemeinsam für Lebensqualität",
        primary="#7a1f2b",
        accent="#1d5a8a",
        domain="weil-der-stadt.example",
        initials="WdS",
        emblem="star",
        people=[
            ("Andrea Keller", "admin", [Role.TOWN_ADMIN]),
            ("Markus Brenner", "netzwerk", [Role.MODERATOR]),
            ("Erika Haug", "erika", []),
            ("Josef Widmann", "josef", [Role.HELPER]),
            ("Sabine Roth", "baeckerei", [Role.PROVIDER]),
            ("Thomas Vogt", "repaircafe", [Role.ORGANISATION]),
            ("Leyla Demir", "leyla", []),
        ],
        residents=[
            ("Gerhard Schmid", "gerhard.schmid"),
            ("Renate Kübler", "renate.kuebler"),
            ("Stefan Ott", "stefan.ott"),
            ("Anja Weiß", "anja.weiss"),
            ("Walter Binder", "walter.binder"),
            ("Ayşe Yılmaz", "ayse.yilmaz"),
            ("Heinz Dreher", "heinz.dreher"),
            ("Monika Frey", "monika.frey"),
            ("Lukas Maurer", "lukas.maurer"),
            ("Irmgard Pfeiffer", "irmgard.pfeiffer"),
            ("Jan Kowalski", "jan.kowalski"),
            ("Elke Haas", "elke.haas"),
            ("Tobias Rapp", "tobias.rapp"),
            ("Gisela Hummel", "gisela.hummel"),
        ],
        unfound_terms=[
            "hallenbad",
            "hundesteuer",
            "sperrmüll abholung",
            "tafelladen",
            "mitfahrbank",
            "keplermuseum öffnungszeiten",
        ],
    ),
    DemoTown(
        slug="rabenau",
        name="Rabenau am See",
        postcodes=["88999"],
        districts=["Altstadt", "Seeufer", "Oberdorf"],
        tagline="Zusammen leben am See",
        primary="#1b5e20",
        accent="#6a1b9a",
        domain="rabenau.example",
        initials="RaS",
        emblem="waves",
        people=[
            ("Jonas Albrecht", "admin", [Role.TOWN_ADMIN]),
            ("Petra Lindner", "netzwerk", [Role.MODERATOR]),
            ("Karl Fischer", "karl", []),
            ("Mia Schulz", "mia", [Role.HELPER]),
            ("Hans Gruber", "fahrrad", [Role.PROVIDER]),
            ("Greta Wolf", "sportverein", [Role.ORGANISATION]),
        ],
        residents=[
            ("Ursula Brugger", "ursula.brugger"),
            ("Florian Stehle", "florian.stehle"),
            ("Martina Kessler", "martina.kessler"),
            ("Bernd Allgaier", "bernd.allgaier"),
            ("Nadine Sauter", "nadine.sauter"),
            ("Emil Hartmann", "emil.hartmann"),
            ("Dragana Petrović", "dragana.petrovic"),
            ("Rolf Gäng", "rolf.gaeng"),
            ("Lea Bucher", "lea.bucher"),
            ("Herta Ehinger", "herta.ehinger"),
            ("Oskar Reiter", "oskar.reiter"),
            ("Sophie Lang", "sophie.lang"),
        ],
        unfound_terms=[
            "strandbad eintritt",
            "bootsliegeplatz",
            "kurtaxe",
            "fähre fahrplan winter",
            "hundewiese",
        ],
    ),
]


def load_module_demo(module: str, town: TownFacts) -> None:
    """Load the demo content a module declared in the registry, if it has any."""
    from portal.registry import get_module

    declared = get_module(module)
    if declared is not None and declared.load_demo is not None:
        declared.load_demo(town=town)


def _give_logo(demo: DemoTown) -> None:
    """The town's generated logo, unless it has one (an administrator's own stays)."""
    branding = Branding.objects.get(singleton=True)
    if branding.logo:
        return
    png = draw_demo_logo(
        initials=demo.initials, primary=demo.primary, accent=demo.accent, emblem=demo.emblem
    )
    update_branding(branding=branding, fields={}, logo=clean_logo(io.BytesIO(png)))


def fill_demo_town(demo: DemoTown, town: Town) -> None:
    """Give `town` the demo's branding, pages, logo, people and history, then every enabled
    module's demo content (from the registry); safe to run again. Browser tests use it too."""
    with tenant_context(town):
        Branding.objects.filter(singleton=True).update(
            tagline=demo.tagline,
            primary_colour=demo.primary,
            accent_colour=demo.accent,
            contact_email=f"rathaus@{demo.domain}",
            imprint=f"{demo.name}\nRathaus\n(Fiktive Demo-Gemeinde)",
        )
        write_demo_pages(town_name=demo.name, domain=demo.domain)
        _give_logo(demo)
        for index, (full_name, local, roles) in enumerate(demo.people):
            email = f"{local}@{demo.domain}"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
            user.full_name = full_name
            user.roles = sorted({Role.RESIDENT, *roles})
            user.district = demo.districts[index % len(demo.districts)]
            user.postcode = demo.postcodes[0]
            user.email_verified_at = user.email_verified_at or timezone.now()
            user.set_password(DEMO_PASSWORD)
            user.save()
        write_history(
            town_slug=demo.slug,
            domain=demo.domain,
            districts=demo.districts,
            founders=[local for _name, local, _roles in demo.people],
            residents=demo.residents,
            unfound_terms=demo.unfound_terms,
        )
        for module in town.enabled_modules:
            load_module_demo(module, town)


class Command(BaseCommand):
    help = "Create the demo towns and their fictional people (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        operator = User.objects.filter(email=DEMO_OPERATOR).first()
        if operator is None:
            User.objects.create_superuser(DEMO_OPERATOR, DEMO_PASSWORD, full_name="Olivia Operator")
        port = settings.LQ_PUBLIC_PORT or "8000"
        self.stdout.write(f"Operator site: http://{settings.LQ_BASE_DOMAIN}:{port}/")
        self.stdout.write(f"  {DEMO_OPERATOR:38} {DEMO_PASSWORD}   Olivia Operator (operator)")
        for demo in DEMO_TOWNS:
            town = Town.objects.filter(slug=demo.slug).first()
            if town is None:
                town = provision_town(
                    slug=demo.slug,
                    name=demo.name,
                    admin_email=f"admin@{demo.domain}",
                    admin_name=demo.people[0][0],
                    postcodes=demo.postcodes,
                    districts=demo.districts,
                )
            fill_demo_town(demo, town)
            self._print(demo)

    def _print(self, demo: DemoTown) -> None:
        port = settings.LQ_PUBLIC_PORT or "8000"
        self.stdout.write(f"\n{demo.name}: http://{town_host(demo.slug)}:{port}/")
        for full_name, local, roles in demo.people:
            label = ", ".join(str(r.label) for r in roles) if roles else "Resident"
            email = f"{local}@{demo.domain}"
            self.stdout.write(f"  {email:38} {DEMO_PASSWORD}   {full_name} ({label})")

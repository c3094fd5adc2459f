"""Demo part: help. Miteinander-Füreinander's emergency shopping (narrow rules on purpose,
so the figures show the unmet demand) and the Elterninitiative's babysitter service, which
the vetting part gives its helpers (by the slug `babysitter-dienst`). Idempotent: every row
is found by its slug."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from modules.directory.models import Kind, Organisation, Representative
from modules.directory.search import refresh_search_index
from portal.accounts.models import Role, User
from tenants.current import current_town

from .demand import month_of, visitor_key
from .models import (
    CheckKind,
    DemandEvent,
    DemandStep,
    HelpRequest,
    RequestStatus,
    Routing,
    Rule,
    Service,
    ServiceKind,
)

SHOPPING_SITUATION = (
    "vorübergehend nach Krankheit oder Unfall nicht in der Lage, selbst einzukaufen"
)


def _organisation(slug: str, name: str, description: str, town_name: str) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": Kind.CLUB,
            "description": description,
            "email": f"kontakt@{slug}.example",
            "address": town_name,
            "status": Organisation.Status.APPROVED,
            "approved_at": timezone.now() - timedelta(days=200),
        },
    )
    if created:
        refresh_search_index(organisation)
    return organisation


def _demand(service: Service, *, months_back: int, step: str, rule: str, people: int) -> None:
    """`people` anonymous counts of one step in a month (keys made like real visitors')."""
    month = month_of(timezone.localdate())
    for _ in range(months_back):
        month = (month - timedelta(days=1)).replace(day=1)
    DemandEvent.objects.bulk_create(
        [
            DemandEvent(
                service=service,
                month=month,
                step=step,
                rule=rule,
                visitor=visitor_key(who=f"demo:{n}", service=service, month=month),
            )
            for n in range(people)
        ],
        ignore_conflicts=True,
    )


def _shopping(organisation: Organisation, coordinator: User | None, district: str) -> Service:
    service, created = Service.objects.get_or_create(
        slug="einkaufshilfe-im-notfall",
        defaults={
            "organisation": organisation,
            "kind": ServiceKind.SHOPPING,
            "title": "Einkaufshilfe im Notfall",
            "description": (
                "Wenn Sie nach einer Krankheit oder einem Unfall für kurze Zeit nicht selbst "
                "einkaufen können, kaufen unsere Ehrenamtlichen für Sie ein und bringen Ihnen "
                "die Einkäufe nach Hause. Sie bezahlen nur die Waren."
            ),
            "audience": (
                f"Menschen ab 70 Jahren in {district}, die vorübergehend nicht selbst "
                "einkaufen können"
            ),
            "when": "Montag bis Freitag, nach Absprache",
            "where": district,
            "contact": "Telefon 07033 55 66 77 (Mo–Fr 9–12 Uhr)",
            "coordinator": coordinator,
            "routing": Routing.POOL,
            "eligible_districts": [district],
            "min_age": 70,
            "situation": SHOPPING_SITUATION,
        },
    )
    if created:
        # Many looked, most were refused by the district and age rules: too narrow.
        for back, looked in enumerate((31, 27, 24, 22, 18, 15)):
            _demand(service, months_back=back, step=DemandStep.LOOKED, rule="", people=looked)
            _demand(service, months_back=back, step=DemandStep.STARTED, rule="", people=looked // 2)
            _demand(
                service,
                months_back=back,
                step=DemandStep.REFUSED,
                rule=Rule.DISTRICT,
                people=looked // 3,
            )
            _demand(
                service,
                months_back=back,
                step=DemandStep.REFUSED,
                rule=Rule.MIN_AGE,
                people=looked // 4,
            )
            _demand(
                service, months_back=back, step=DemandStep.REFUSED, rule=Rule.SITUATION, people=1
            )
            _demand(service, months_back=back, step=DemandStep.REQUESTED, rule="", people=2)
    return service


def _babysitting(organisation: Organisation, coordinator: User | None) -> Service:
    service, _created = Service.objects.get_or_create(
        slug="babysitter-dienst",
        defaults={
            "organisation": organisation,
            "kind": ServiceKind.CHILDCARE,
            "title": "Babysitter-Dienst",
            "description": (
                "Geprüfte Babysitterinnen und Babysitter der Elterninitiative passen abends "
                "oder am Wochenende auf Ihre Kinder auf."
            ),
            "audience": "Familien mit Kindern bis 12 Jahre",
            "when": "abends und am Wochenende, nach Absprache",
            "contact": "E-Mail kontakt@elterninitiative-kinderzeit.example",
            "coordinator": coordinator,
            "routing": Routing.COORDINATOR,
            "required_checks": [CheckKind.CONDUCT_CERTIFICATE],
            "needs_approval": True,
            "cost_kind": "allowance",
            "allowance_cents": 800,
            "allowance_note": "pro Stunde, für die Babysitterin oder den Babysitter",
        },
    )
    return service


def _requests(service: Service, residents: list[User]) -> None:
    if service.requests.exists() or not residents:
        return
    today = timezone.localdate()
    rows = [
        (RequestStatus.OPEN, 3, "Brot, Milch, Obst und Gemüse für die Woche.", None),
        (RequestStatus.OPEN, 5, "Getränke (zwei Kisten Wasser) und Katzenfutter.", None),
        (RequestStatus.DONE, -20, "Wocheneinkauf nach meiner Hüftoperation.", Decimal("1.5")),
        (RequestStatus.CANCELLED, -9, "Einkauf für das Wochenende.", None),
    ]
    for index, (status, days, details, hours) in enumerate(rows):
        helper = service.coordinator if status == RequestStatus.DONE else None
        if status == RequestStatus.DONE and helper is None:
            continue  # a done request needs its helper
        HelpRequest.objects.create(
            service=service,
            resident=residents[index % len(residents)],
            status=status,
            needed_on=today + timedelta(days=days),
            time_note="vormittags",
            details=details,
            address=f"Marktstraße {index + 3}",
            district=service.eligible_districts[0] if service.eligible_districts else "",
            phone=f"07033 12 34 5{index}",
            statement="Ich habe mir das Bein gebrochen und kann nicht laufen.",
            age_declared=True,
            helper=helper,
            hours=hours,
            created_at=timezone.now() + timedelta(days=min(days, 0) - 2),
        )


@transaction.atomic
def load_help(*, town: Any) -> None:
    """Create the two organisations and their services, some requests and demand counts."""
    town_row = current_town()
    districts = list(town_row.districts) if town_row is not None and town_row.districts else []
    district = districts[-1] if districts else "Kernstadt"
    name = getattr(town, "name", "")
    representative = User.objects.people().filter(roles__contains=[Role.ORGANISATION]).first()
    helping = _organisation(
        "miteinander-fuereinander",
        "Miteinander-Füreinander e.V.",
        "Nachbarschaftshilfe von Bürgerinnen und Bürgern für Bürgerinnen und Bürger.",
        name,
    )
    parents = _organisation(
        "elterninitiative-kinderzeit",
        "Elterninitiative Kinderzeit",
        "Eltern helfen Eltern: Spielgruppen, Babysitter-Dienst und Ferienbetreuung.",
        name,
    )
    if representative is not None:
        for organisation in (helping, parents):
            Representative.objects.get_or_create(organisation=organisation, user=representative)
    shopping = _shopping(helping, representative, district)
    _babysitting(parents, representative)
    residents = list(
        User.objects.people()
        .filter(roles__contains=[Role.RESIDENT])
        .exclude(roles__contains=[Role.ORGANISATION])
        .order_by("pk")[:4]
    )
    _requests(shopping, residents)

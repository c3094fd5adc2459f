"""Forms of the volunteer pages; the services check everything again and their messages
land on these forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.directory.models import Organisation, Representative
from portal.accounts.models import User
from portal.forms_fields import EuroField
from tenants.current import current_town

from .models import CheckKind, CostKind, Routing, Service, ServiceKind
from .services.catalogue import ServiceFields
from .services.requests import RequestFields


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceForm(forms.Form):
    title = forms.CharField(label=_("Name of the service"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceKind.choices)
    description = forms.CharField(
        label=_("What the service does"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    audience = forms.CharField(label=_("Who may use it, in plain words"), max_length=500)
    when = forms.CharField(label=_("When"), max_length=500, required=False)
    where = forms.CharField(label=_("Where"), max_length=500, required=False)
    cost_kind = forms.ChoiceField(
        label=_("Cost"), choices=CostKind.choices, widget=forms.RadioSelect
    )
    allowance_cents = EuroField(label=_("Expense allowance in euros"), required=False)
    allowance_note = forms.CharField(
        label=_("What the allowance is for"), max_length=200, required=False
    )
    contact = forms.CharField(label=_("How to reach you"), max_length=300)
    coordinator = forms.ChoiceField(label=_("Coordinator"))
    routing = forms.ChoiceField(
        label=_("Who gets a new request"), choices=Routing.choices, widget=forms.RadioSelect
    )
    required_checks = forms.MultipleChoiceField(
        label=_("Checks every helper needs"),
        choices=CheckKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_districts = forms.MultipleChoiceField(
        label=_("Only for people living in these districts (none: everywhere)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(
        label=_("Minimum age (empty: any age)"), required=False, min_value=1, max_value=120
    )
    situation = forms.CharField(
        label=_("Only for people in this situation (empty: anyone)"),
        max_length=300,
        required=False,
    )
    needs_approval = forms.BooleanField(
        label=_("The coordinator approves each person before help is arranged"), required=False
    )
    is_active = forms.BooleanField(label=_("Taking requests"), required=False, initial=True)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.people().filter(
            pk__in=Representative.objects.filter(organisation=organisation).values("user_id")
        )
        self.people = {str(p.public_id): p for p in people.order_by("full_name")}
        coordinator = self.fields["coordinator"]
        assert isinstance(coordinator, forms.ChoiceField)
        coordinator.choices = [("", _("I coordinate it myself"))] + [
            (key, person.full_name) for key, person in self.people.items()
        ]
        coordinator.required = False
        town = current_town()
        districts = self.fields["eligible_districts"]
        assert isinstance(districts, forms.MultipleChoiceField)
        districts.choices = [(d, d) for d in (town.districts if town else [])]

    @staticmethod
    def initial_of(service: Service) -> dict[str, Any]:
        return {
            **{
                name: getattr(service, name)
                for name in (
                    "title",
                    "kind",
                    "description",
                    "audience",
                    "when",
                    "where",
                    "cost_kind",
                    "allowance_cents",
                    "allowance_note",
                    "contact",
                    "routing",
                    "required_checks",
                    "eligible_districts",
                    "min_age",
                    "situation",
                    "needs_approval",
                    "is_active",
                )
            },
            "coordinator": str(service.coordinator.public_id) if service.coordinator else "",
        }

    def fields_for(self, by: User) -> ServiceFields:
        data = self.cleaned_data
        return ServiceFields(
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            audience=data["audience"],
            contact=data["contact"],
            when=data["when"],
            where=data["where"],
            cost_kind=data["cost_kind"],
            allowance_cents=data["allowance_cents"],
            allowance_note=data["allowance_note"],
            coordinator=self.people.get(data["coordinator"]) or by,
            routing=data["routing"],
            required_checks=list(data["required_checks"]),
            eligible_districts=list(data["eligible_districts"]),
            min_age=data["min_age"],
            situation=data["situation"],
            needs_approval=data["needs_approval"],
            is_active=data["is_active"],
        )


class RequestForm(forms.Form):
    """Asks only what the service's rules need, then the day and the need."""

    district = forms.ChoiceField(label=_("The district you live in"))
    birth_date = forms.DateField(
        label=_("Your date of birth (only checked, not stored)"), widget=_date_input()
    )
    confirms_situation = forms.BooleanField(label="", required=False)
    statement = forms.CharField(
        label=_("Your situation in a few words"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needed_on = forms.DateField(label=_("On which day do you need help?"), widget=_date_input())
    time_note = forms.CharField(label=_("At what time (optional)"), max_length=200, required=False)
    details = forms.CharField(
        label=_("What do you need?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    address = forms.CharField(label=_("Your address"), max_length=300)
    phone = forms.CharField(label=_("Your phone number (optional)"), max_length=40, required=False)

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if service.eligible_districts:
            town = current_town()
            district = self.fields["district"]
            assert isinstance(district, forms.ChoiceField)
            district.choices = [("", "—")] + [(d, d) for d in (town.districts if town else [])]
        else:
            del self.fields["district"]
        if not service.min_age:
            del self.fields["birth_date"]
        if service.situation:
            self.fields["confirms_situation"].label = _("I am in this situation: %(situation)s") % {
                "situation": service.situation
            }
        else:
            del self.fields["confirms_situation"]
            del self.fields["statement"]

    def request_fields(self) -> RequestFields:
        data = self.cleaned_data
        return RequestFields(
            needed_on=data["needed_on"],
            details=data["details"],
            address=data["address"],
            time_note=data["time_note"],
            phone=data["phone"],
            district=data.get("district", ""),
            birth_date=data.get("birth_date"),
            confirms_situation=data.get("confirms_situation", False),
            statement=data.get("statement", ""),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DoneForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours spent"),
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        decimal_places=2,
        localize=True,
    )


class AssignForm(forms.Form):
    helper = forms.ChoiceField(label=_("Helper"))

    def __init__(self, *args: Any, helpers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helpers = {str(h.public_id): h for h in helpers}
        field = self.fields["helper"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, h.full_name) for key, h in self.helpers.items()]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

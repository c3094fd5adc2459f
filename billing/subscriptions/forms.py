"""The operator site's billing forms: a new plan, attaching a plan to a town, resolving a
mismatch. Prices are entered in euros and handed to the services as integer cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Interval, Plan


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=40,
        help_text=_("Lower-case letters, digits and hyphens, e.g. gemeinde-klein."),
    )
    interval = forms.ChoiceField(label=_("Billed"), choices=Interval.choices)
    base_euros = forms.DecimalField(
        label=_("Base price in euros"), min_value=Decimal("0"), max_digits=9, decimal_places=2
    )
    band_euros = forms.DecimalField(
        label=_("Price per band of inhabitants in euros"),
        initial=Decimal("0"),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
    )
    band_size = forms.IntegerField(
        label=_("Inhabitants per band"), min_value=1, max_value=1_000_000, initial=1000
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "slug": data["slug"],
            "interval": data["interval"],
            "base_cents": cents(data["base_euros"]),
            "band_cents": cents(data["band_euros"]),
            "band_size": data["band_size"],
        }


class AttachPlanForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    inhabitants = forms.IntegerField(label=_("Inhabitants"), min_value=0, max_value=10_000_000)
    billing_email = forms.EmailField(
        label=_("E-mail address for the invoices"),
        help_text=_("Stripe sends the town's invoices here."),
    )
    days_until_due = forms.IntegerField(
        label=_("Days to pay an invoice"), min_value=1, max_value=90, initial=30
    )

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plans is not None:
            field = self.fields["plan"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = plans


class ResolveMismatchForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done about it"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

"""Forms of the shop's settings pages: amounts in euros and percent, as people write them;
`cents` turns them into the integers the services take. The services judge the values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.fees.rules import FeeDue, FeeKind

from .services.settings import CATEGORY_NAME_MAX

# form field -> the service's argument, for showing the service's errors on the right field
SERVICE_FIELDS = {
    "flat_cents": "flat_euros",
    "basis_points": "percent",
    "minimum_cents": "minimum_euros",
    "maximum_cents": "maximum_euros",
}


def _amount(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        max_digits=12,
        decimal_places=2,
        # "2,50" in German, "2.50" in English: the active language's decimal separator.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def hundredths(value: Decimal | None) -> int | None:
    """Euros to cents, or percent to basis points (both have two decimal places)."""
    return None if value is None else int(value * 100)


class ShopSettingsForm(forms.Form):
    fee_kind = forms.ChoiceField(
        label=_("How the fee into the LQ Fonds is counted"),
        choices=FeeKind.choices,
        widget=forms.RadioSelect,
    )
    flat_euros = _amount(_("Flat fee per order, in euros"), _("For example 2.00"))
    percent = _amount(
        _("Percentage of the order value"), _("For example 3.5 for 3.5 % (at most 50 %)")
    )
    minimum_euros = _amount(_("Minimum fee, in euros"), _("Leave empty for no minimum."))
    maximum_euros = _amount(_("Maximum fee, in euros"), _("Leave empty for no maximum."))
    fee_due = forms.ChoiceField(
        label=_("When the fee is due"), choices=FeeDue.choices, widget=forms.RadioSelect
    )
    request_expiry_hours = forms.IntegerField(
        label=_("Hours a request waits for the business's answer"),
        help_text=_(
            "From 1 to 336 hours (two weeks). Then the request expires and the network "
            "manager is told."
        ),
    )
    providers_need_approval = forms.BooleanField(
        label=_("New businesses need approval before they are public"), required=False
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "fee_kind": data["fee_kind"],
            "fee_due": data["fee_due"],
            "flat_cents": hundredths(data.get("flat_euros")),
            "basis_points": hundredths(data.get("percent")),
            "minimum_cents": hundredths(data.get("minimum_euros")),
            "maximum_cents": hundredths(data.get("maximum_euros")),
            "request_expiry_hours": data["request_expiry_hours"],
            "providers_need_approval": data["providers_need_approval"],
        }


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=CATEGORY_NAME_MAX)
    position = forms.IntegerField(label=_("Position in the list"), required=False)


class CategoryChangeForm(CategoryForm):
    position = forms.IntegerField(label=_("Position in the list"))
    is_active = forms.BooleanField(label=_("Offered for new offers"), required=False)

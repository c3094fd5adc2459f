"""Forms of the town console; the rules themselves live in services.py."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role, User
from tenants.lists import parse_districts
from tenants.models import ResidencyPolicy, Town

from .selectors import module_states

_POSTCODE_SEPARATORS = re.compile(r"[\s,;]+")


class ModulesForm(forms.Form):
    modules = forms.MultipleChoiceField(
        label=_("Modules switched on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        states = module_states(town)
        kwargs.setdefault("initial", {"modules": [s.key for s in states if s.enabled]})
        super().__init__(*args, **kwargs)
        field = self.fields["modules"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (
                state.key,
                state.label if state.built else f"{state.label} – {_('coming soon')}",
            )
            for state in states
        ]


class ResidencyForm(forms.Form):
    policy = forms.ChoiceField(
        label=_("Who may register?"),
        choices=ResidencyPolicy.choices,
        widget=forms.RadioSelect,
    )
    postcodes = forms.CharField(
        label=_("Postcodes of the town"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "inputmode": "numeric"}),
        help_text=_("Five digits each, separated by commas or spaces, e.g. 71263, 71264."),
    )
    districts = forms.CharField(
        label=_("Districts"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One district per line or separated by commas. Residents can choose one in their "
            "profile."
        ),
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "policy": town.residency_policy,
                "postcodes": ", ".join(town.postcodes),
                "districts": "\n".join(town.districts),
            },
        )
        super().__init__(*args, **kwargs)

    def clean_postcodes(self) -> list[str]:
        raw = str(self.cleaned_data.get("postcodes") or "")
        return [code for code in _POSTCODE_SEPARATORS.split(raw) if code]

    def clean_districts(self) -> list[str]:
        # The operator's onboarding form's rule: commas or new lines separate districts.
        return parse_districts(str(self.cleaned_data.get("districts") or ""))


class InvitationForm(forms.Form):
    max_uses = forms.IntegerField(
        label=_("How many people may use it?"), min_value=1, max_value=1000, initial=1
    )
    days_valid = forms.IntegerField(
        label=_("Valid for how many days?"), min_value=1, max_value=365, initial=30
    )
    note = forms.CharField(
        label=_("Note (for you, e.g. whom it is for)"), max_length=200, required=False
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(value, label) for value, label in Role.choices if value != Role.RESIDENT],
        help_text=_("Everyone is a resident; tick the roles this person has in addition."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"roles": [str(r) for r in user.roles]})
        super().__init__(*args, **kwargs)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or e-mail"), max_length=100, required=False)


class SecurityForm(forms.Form):
    admins_need_two_factor = forms.BooleanField(
        label=_("Administrators must use two-step log-in"),
        required=False,
        help_text=_(
            "Administrators then enter a code from an app on their phone after their password "
            "before they can use this console. Whoever has not set it up yet is led through it."
        ),
    )

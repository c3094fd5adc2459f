"""Forms of the vote: the ballot (one choice or several), the receipt check, the search for
a resident at the polling place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import Proposal, Round, VoteMethod
from .services.ballots import CODE_LENGTH, normalise_code


class BallotForm(forms.Form):
    """The ballot: radio buttons for one vote, check boxes for approval voting."""

    def __init__(self, *args: Any, fund_round: Round, projects: list[Proposal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fund_round = fund_round
        options = [(str(p.ballot_number), f"{p.ballot_number}. {p.title}") for p in projects]
        field: forms.Field
        if fund_round.method == VoteMethod.SINGLE:
            field = forms.ChoiceField(
                label=_("Your vote: choose one project"),
                choices=options,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose one project.")},
            )
        else:
            field = forms.MultipleChoiceField(
                label=_("Your vote: choose up to %(count)d projects")
                % {"count": fund_round.max_choices},
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Please choose at least one project.")},
            )
        self.fields["choices"] = field

    def clean_choices(self) -> list[int]:
        value = self.cleaned_data["choices"]
        values = value if isinstance(value, list) else [value]
        return [int(number) for number in values]


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_lazy("Your receipt code"),
        max_length=40,
        help_text=_lazy("As on your receipt, for example ABCD-EFGH-JKMN-PQRS."),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A receipt code has %(count)d letters and digits.") % {"count": CODE_LENGTH}
            )
        return code


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_lazy("Name or e-mail address of the person"),
        max_length=120,
        min_length=2,
    )

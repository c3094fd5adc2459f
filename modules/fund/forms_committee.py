"""Forms of the committee's pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REASON_MAX, Proposal, Verdict
from .services.committee import NOTE_MAX


class RecommendationForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your recommendation"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Your reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class DeclarationForm(forms.Form):
    note = forms.CharField(
        label=_("What ties you to this proposal? (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseReviewForm(forms.Form):
    """The shortlist (checkboxes) and a reason field per proposal."""

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = {str(p.public_id): p for p in proposals}
        self.fields["shortlist"] = forms.MultipleChoiceField(
            label=_("Projects on the shortlist"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(key, p.title) for key, p in self.proposals.items()],
        )
        for key, proposal in self.proposals.items():
            self.fields[f"reason_{key}"] = forms.CharField(
                label=_("Reason for “%(title)s”") % {"title": proposal.title},
                max_length=REASON_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Required if the project is not on the shortlist."),
            )

    def shortlist(self) -> list[Proposal]:
        return [self.proposals[key] for key in self.cleaned_data["shortlist"]]

    def reasons(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"reason_{key}", "") for key in self.proposals}

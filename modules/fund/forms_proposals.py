"""Forms of the proposal pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.directory.models import Organisation
from portal.forms_fields import EuroField

from .models import BENEFICIARIES_MAX, DESCRIPTION_MAX, SUMMARY_MAX, TITLE_MAX, Proposal
from .services.photos import ALT_TEXT_MAX, PHOTO_RULES

FIELDS = ("title", "summary", "description", "amount_cents", "beneficiaries")


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the project"),
        max_length=TITLE_MAX,
        help_text=_("A short name, for example “A new bench at the playground”."),
    )
    summary = forms.CharField(
        label=_("The project in one or two sentences"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What will be done, by whom and when, and what the money is for."),
    )
    amount_cents = EuroField(
        label=_("Amount you ask for (euros)"),
        help_text=_("For example “1500” or “1.500,00”."),
    )
    beneficiaries = forms.CharField(
        label=_("Who benefits?"),
        max_length=BENEFICIARIES_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if organisations:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Proposed by"),
                required=False,
                choices=[("", _("Myself, as a resident"))]
                + [(org.slug, org.name) for org in organisations],
            )

    @staticmethod
    def initial_of(proposal: Proposal) -> dict[str, Any]:
        return {name: getattr(proposal, name) for name in FIELDS}


def proposal_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The proposal's fields from a valid ProposalForm's data, as the services take them."""
    return {name: cleaned[name] for name in FIELDS}


def organisation_of(
    cleaned: dict[str, Any], organisations: list[Organisation]
) -> Organisation | None:
    """The organisation chosen on a valid ProposalForm (one the person represents), or None."""
    chosen = cleaned.get("organisation") or ""
    return next((org for org in organisations if org.slug == chosen), None)


class ProposalPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows (for people who cannot see it)"),
        max_length=ALT_TEXT_MAX,
        required=False,
    )

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > PHOTO_RULES.max_bytes:
            raise forms.ValidationError(_("The photo is too large; please upload at most 5 MB."))
        return image


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this proposal?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

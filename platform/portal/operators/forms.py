"""Operator forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.lists import is_postcode, parse_districts
from tenants.models import Module, ResidencyPolicy, Town

from .models import REASON_MAX_LENGTH


def _split(value: str) -> list[str]:
    return parse_districts(value)


class OnboardTownForm(forms.Form):
    name = forms.CharField(label=_("Town name"), max_length=120)
    slug = forms.CharField(
        label=_("Address (subdomain)"),
        help_text=_("Lower-case letters, digits and hyphens, e.g. weil-der-stadt."),
    )
    admin_email = forms.EmailField(label=_("E-mail of the first town administrator"))
    admin_name = forms.CharField(
        label=_("Name of the first town administrator"), max_length=120, required=False
    )
    contact_email = forms.EmailField(
        label=_("Public contact e-mail of the town"),
        help_text=_(
            "Shown to residents at the foot of every page and e-mail, e.g. the town hall's "
            "address. Leave it empty if the town has not given one yet; its administrators "
            "can set it later."
        ),
        required=False,
    )
    postcodes = forms.CharField(
        label=_("Postcodes (comma-separated)"), required=False, max_length=500
    )
    districts = forms.CharField(
        label=_("Districts (comma-separated)"), required=False, max_length=2000
    )
    default_language = forms.ChoiceField(label=_("Default language"), choices=Town.Language.choices)
    residency_policy = forms.ChoiceField(
        label=_("Who may register"), choices=ResidencyPolicy.choices
    )
    enabled_modules = forms.MultipleChoiceField(
        label=_("Modules"),
        choices=Module.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Module.values),
        required=False,
    )

    def clean_slug(self) -> str:
        # The service checks again inside its transaction; checking here shows the problem
        # next to the field together with any other mistake on the form.
        from tenants.services import normal_town_slug, validate_town_slug

        slug = normal_town_slug(self.cleaned_data["slug"])
        validate_town_slug(slug)
        return slug

    def clean_postcodes(self) -> list[str]:
        codes = _split(self.cleaned_data["postcodes"])
        bad = [code for code in codes if not is_postcode(code)]
        if bad:
            raise forms.ValidationError(
                _("These are not five-digit postcodes: %(bad)s") % {"bad": ", ".join(bad)}
            )
        return codes

    def clean_districts(self) -> list[str]:
        districts = _split(self.cleaned_data["districts"])
        if any(len(d) > 80 for d in districts):
            raise forms.ValidationError(_("A district name may have at most 80 characters."))
        return districts


class TownStatusForm(forms.Form):
    """Confirms a lifecycle change; the reason is kept on record."""

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Kept on record with your name, e.g. “Contract ended on 31 March”."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TownSearchForm(forms.Form):
    """The town list's search and status filter (sent by GET, so kept in the page links)."""

    q = forms.CharField(
        label=_("Search by name, address or domain"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Town.Status.choices],
        required=False,
    )


class TownImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Town archive (ZIP file)"),
        help_text=_("An archive exported from an LQ deployment (this one or another)."),
    )
    slug = forms.CharField(
        label=_("Address (subdomain)"),
        required=False,
        help_text=_("Leave it empty to keep the archive's own address."),
    )
    name = forms.CharField(
        label=_("Town name"),
        max_length=120,
        required=False,
        help_text=_("Leave it empty to keep the archive's own name."),
    )

"""The impact report's form: what the money did, and a photo with its description."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DESCRIPTION_MAX
from .services.photos import ALT_TEXT_MAX


class ImpactForm(forms.Form):
    text = forms.CharField(
        label=_("What did the money do?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("A few sentences for the residents: what was bought or done, and for whom."),
    )
    image = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Up to four photos in all."),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows (for people who cannot see it)"),
        max_length=ALT_TEXT_MAX,
        required=False,
    )

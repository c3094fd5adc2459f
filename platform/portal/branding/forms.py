"""The branding form of the town console: colours with their contrast rule, a checked logo."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .contrast import HEX_COLOUR
from .logos import MAX_BYTES, MAX_SIDE, MIN_SIDE, CleanLogo, clean_logo
from .models import Branding
from .validators import validate_accent_colour, validate_primary_colour

FALLBACK_PICKER_VALUE = "#000000"


class ColourPicker(forms.TextInput):
    input_type = "color"


class ColourInput(forms.MultiWidget):
    """A text box for the hex code (works everywhere) next to the browser's colour picker.

    Without JavaScript both are sent: a typed change wins, else a picked change, else the
    stored colour stays. `initial_value` is set by the form.
    """

    def __init__(self, picker_label: object = "", attrs: dict[str, Any] | None = None) -> None:
        text = forms.TextInput(
            attrs={
                "maxlength": 7,
                "size": 8,
                "spellcheck": "false",
                "autocomplete": "off",
                "class": "colour-text",
            }
        )
        picker = ColourPicker(attrs={"aria-label": picker_label})
        super().__init__(widgets={"": text, "picker": picker}, attrs=attrs)
        self.initial_value = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        base_id = (attrs or {}).get("id")
        if base_id:
            # Screen readers read the rule and, after a refusal, the reason with the text box.
            described = [f"{base_id}_helptext"]
            if (attrs or {}).get("aria-invalid"):
                described.append(f"{base_id}_error")
            text = context["widget"]["subwidgets"][0]
            text["attrs"]["aria-describedby"] = " ".join(described)
        return context

    def id_for_label(self, id_: str) -> str:
        # The field's label names the text box; the picker has its own aria-label.
        return f"{id_}_0" if id_ else ""

    def decompress(self, value: Any) -> list[str]:
        text = str(value or "")
        return [text, text.lower() if HEX_COLOUR.match(text) else FALLBACK_PICKER_VALUE]

    def value_from_datadict(  # type: ignore[override]
        self, data: Any, files: Any, name: str
    ) -> str | None:
        typed = data.get(name)
        picked = data.get(f"{name}_picker")
        if typed is None and picked is None:
            return None
        typed = (typed or "").strip().lower()
        picked = (picked or "").strip().lower()
        initial = self.initial_value.lower()
        if typed != initial:
            return typed
        if picked and picked != initial:
            return picked
        return typed

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_picker" not in data


class BrandingForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name shown on the portal"),
        max_length=120,
        error_messages={"required": _("Please enter the name of the portal.")},
    )
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False)
    primary_colour = forms.CharField(
        label=_("Primary colour"),
        max_length=7,
        validators=[validate_primary_colour],
        widget=ColourInput(picker_label=_("Pick the primary colour")),
        help_text=_(
            "Used for the header and buttons, with white text on it. Write # and six hex digits "
            "(e.g. #1f4e79). White text must reach a contrast of at least 4.5:1 (WCAG AA)."
        ),
    )
    accent_colour = forms.CharField(
        label=_("Accent colour"),
        max_length=7,
        validators=[validate_accent_colour],
        widget=ColourInput(picker_label=_("Pick the accent colour")),
        help_text=_(
            "Used for links and focus rings on white. It must reach a contrast of at least "
            "4.5:1 on white (WCAG AA)."
        ),
    )
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_(
            "PNG, JPEG or WebP, at most %(mb)d MB, between %(min)d and %(max)d pixels on each "
            "side. It is stored as a PNG at most 600 pixels wide."
        )
        % {"mb": MAX_BYTES // (1024 * 1024), "min": MIN_SIDE, "max": MAX_SIDE},
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    contact_address = forms.CharField(
        label=_("Contact address"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, branding: Branding, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "display_name": branding.display_name,
                "tagline": branding.tagline,
                "primary_colour": branding.primary_colour,
                "accent_colour": branding.accent_colour,
                "contact_email": branding.contact_email,
                "contact_phone": branding.contact_phone,
                "contact_address": branding.contact_address,
            },
        )
        super().__init__(*args, **kwargs)
        for name in ("primary_colour", "accent_colour"):
            widget = self.fields[name].widget
            assert isinstance(widget, ColourInput)
            widget.initial_value = str(self.initial.get(name, ""))
        if not branding.logo:
            del self.fields["remove_logo"]
        self.clean_logo_result: CleanLogo | None = None

    def clean_display_name(self) -> str:
        name = " ".join(str(self.cleaned_data["display_name"]).split())
        if not name:
            raise forms.ValidationError(_("Please enter the name of the portal."))
        return name

    def clean_logo(self) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("logo")
        if upload:
            self.clean_logo_result = clean_logo(upload, upload.size)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.clean_logo_result is not None and cleaned.get("remove_logo"):
            self.add_error(
                "remove_logo", _("Either upload a new logo or remove the logo, not both.")
            )
        return cleaned

    def branding_fields(self) -> dict[str, object]:
        """The cleaned values that update_branding stores."""
        names = (
            "display_name",
            "tagline",
            "primary_colour",
            "accent_colour",
            "contact_email",
            "contact_phone",
            "contact_address",
        )
        return {name: self.cleaned_data[name] for name in names}

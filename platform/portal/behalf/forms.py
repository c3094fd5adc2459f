"""Forms of the "Helping residents" pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User

from .models import ADDRESS_MAX, NOTE_MAX, Consent
from .scopes import ConsentScope


class ManagedResidentForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=120)
    address = forms.CharField(
        label=_("Address"),
        max_length=ADDRESS_MAX,
        required=False,
        help_text=_("Street and house number. An address or a phone number is needed."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=5, required=False)
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— not given —")), *((d, d) for d in districts)]


class ConsentForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("What may be done for the person?"), widget=forms.CheckboxSelectMultiple
    )
    helper = forms.ChoiceField(label=_("Who may act for the person?"))
    given_how = forms.ChoiceField(
        label=_("How was the consent given?"),
        choices=Consent.Given.choices,
        widget=forms.RadioSelect,
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, scopes: list[ConsentScope], helpers: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._helpers = {str(helper.public_id): helper for helper in helpers}
        scope_field = self.fields["scopes"]
        helper_field = self.fields["helper"]
        assert isinstance(scope_field, forms.ChoiceField)
        assert isinstance(helper_field, forms.ChoiceField)
        scope_field.choices = [(scope.key, scope.label) for scope in scopes]
        helper_field.choices = [
            ("any", _("Any network manager of the town")),
            *((key, helper.full_name) for key, helper in self._helpers.items()),
        ]

    def helper_user(self) -> User | None:
        """The chosen network manager, or None for any of them."""
        return self._helpers.get(self.cleaned_data["helper"])


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's e-mail address"),
        help_text=_("We send a link to this address with which the person chooses a password."),
    )

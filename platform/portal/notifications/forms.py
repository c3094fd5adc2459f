"""The preferences form: one group of radio buttons per kind the person can choose for."""

from __future__ import annotations

from typing import Any

from django import forms

from portal.accounts.models import User

from .kinds import CHOICE_LABELS
from .selectors import choices_of


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        current = choices_of(user)
        kwargs.setdefault("initial", {kind.key: choice for kind, choice in current})
        super().__init__(*args, **kwargs)
        for kind, _choice in current:
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label),
                choices=[(choice, CHOICE_LABELS[choice]) for choice in kind.choices],
                widget=forms.RadioSelect,
            )

"""Forms of the business's one-click pages (accept, decline, ask, mark as done); the order
services check everything again."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from billing.fees.rules import FeeRule

from .models import NOTE_MAX, REASON_MAX, Order
from .order_mails import when
from .services.orders import windows_of

OTHER_TIME = "other"
# The largest value the fee rules accept (billing.fees.rules.MAX_DECLARED_VALUE_CENTS).
MAX_EUROS = Decimal("10000000.00")


def _value_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_EUROS,
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("In euros, incl. VAT. The town's fee into the LQ Fonds is a share of it."),
    )


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


class OrderAnswerForm(forms.Form):
    """Base: knows its order (the resident's windows, the town's fee rule)."""

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        self.order = order
        super().__init__(*args, **kwargs)

    @property
    def asks_value(self) -> bool:
        return FeeRule.from_dict(self.order.fee_rule).needs_declared_value

    # Where a service's error for one of its arguments shows on this form.
    field_of_argument: dict[str, str] = {"declared_value_cents": "value"}

    def step_arguments(self) -> dict[str, Any]:
        """The service's keyword arguments from the cleaned data."""
        raise NotImplementedError

    def error_field(self, argument: str) -> str | None:
        """The form's field for a service error about `argument` (None: above the form)."""
        name = self.field_of_argument.get(argument, argument)
        return name if name in self.fields else None


class AcceptForm(OrderAnswerForm):
    window = forms.ChoiceField(label=_("Which time do you propose?"), widget=forms.RadioSelect)
    day = forms.DateField(
        label=_("Another day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    text = forms.CharField(
        label=_("A message to the resident (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, order=order, **kwargs)
        language = get_language() or "de"
        choices = [
            (str(n), when(window.start, window.end, language))
            for n, window in enumerate(windows_of(order))
        ]
        window = self.fields["window"]
        assert isinstance(window, forms.ChoiceField)
        window.choices = [*choices, (OTHER_TIME, _("Another time (below)"))]
        if self.asks_value:
            self.fields["value"] = _value_field(_("Order value (optional)"))

    def error_field(self, argument: str) -> str | None:
        if argument == "appointment":
            return "day" if self.data.get("window") == OTHER_TIME else "window"
        return super().error_field(argument)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("window") != OTHER_TIME:
            return data
        missing = [name for name in ("day", "start_time", "end_time") if not data.get(name)]
        for name in missing:
            if name not in self.errors:
                self.add_error(name, _("Please give the day and the times of the appointment."))
        return data

    def step_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["window"] == OTHER_TIME:
            start: datetime = timezone.make_aware(datetime.combine(data["day"], data["start_time"]))
            end: datetime = timezone.make_aware(datetime.combine(data["day"], data["end_time"]))
        else:
            chosen = windows_of(self.order)[int(data["window"])]
            start, end = chosen.start, chosen.end
        return {
            "start": start,
            "end": end,
            "declared_value_cents": _cents(data.get("value")),
            "text": data.get("text", ""),
        }


class DeclineForm(OrderAnswerForm):
    reason = forms.CharField(
        label=_("Why can you not take it on?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The resident is told this reason."),
    )

    def step_arguments(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class QuestionForm(OrderAnswerForm):
    question = forms.CharField(
        label=_("Your question to the resident"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def step_arguments(self) -> dict[str, Any]:
        return {"question": self.cleaned_data["question"]}


class CompleteForm(OrderAnswerForm):
    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, order=order, **kwargs)
        if self.asks_value:
            self.fields["value"] = _value_field(_("Final order value (optional)"))

    def step_arguments(self) -> dict[str, Any]:
        return {"declared_value_cents": _cents(self.cleaned_data.get("value"))}

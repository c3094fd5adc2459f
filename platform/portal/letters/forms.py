"""Forms of the e-letter's console pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Letter
from .periods import Quarter, quarter_of, town_today
from .services import SectionText

QUARTERS_OFFERED = 4


def quarter_label(quarter: Quarter) -> str:
    return _("Quarter %(number)d of %(year)d (%(first)s to %(last)s)") % {
        "number": quarter.number,
        "year": quarter.year,
        "first": quarter.first_day.strftime("%d.%m."),
        "last": quarter.last_day.strftime("%d.%m."),
    }


def _offered_quarters() -> list[Quarter]:
    quarter = quarter_of(town_today())
    offered = []
    for _step in range(QUARTERS_OFFERED):
        offered.append(quarter)
        quarter = quarter.previous()
    return offered


class StartForm(forms.Form):
    quarter = forms.ChoiceField(label=gettext_lazy("Which quarter is the letter for?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(q.slug, quarter_label(q)) for q in _offered_quarters()]

    def chosen(self) -> tuple[int, int]:
        year, number = str(self.cleaned_data["quarter"]).split("-q")
        return int(year), int(number)


class LetterForm(forms.Form):
    """Title, introduction, and heading and text of each part (plus one empty part).

    The form only reads text; the service checks all of it at once (required, lengths,
    characters) so that one answer names every problem."""

    title = forms.CharField(label=gettext_lazy("Title"), required=False, strip=False)
    intro = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Plain text. Leave an empty line between paragraphs. Web addresses become links."
        ),
    )

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        sections = list(letter.sections.order_by("position"))
        initial = {"title": letter.title, "intro": letter.intro}
        for number, section in enumerate(sections):
            initial[f"section-{number}-heading"] = section.heading
            initial[f"section-{number}-body"] = section.body
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.section_count = len(sections) + 1
        for number in range(self.section_count):
            self.fields[f"section-{number}-heading"] = forms.CharField(
                label=_("Heading of part %(n)d") % {"n": number + 1},
                required=False,
                strip=False,
            )
            self.fields[f"section-{number}-body"] = forms.CharField(
                label=_("Text of part %(n)d") % {"n": number + 1},
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_("Leave heading and text empty to remove this part.")
                if number < len(sections)
                else _("A new part: fill it in to add it to the letter."),
            )

    def sections(self) -> list[SectionText]:
        data = self.cleaned_data
        return [
            SectionText(
                heading=data.get(f"section-{n}-heading", ""), body=data.get(f"section-{n}-body", "")
            )
            for n in range(self.section_count)
        ]

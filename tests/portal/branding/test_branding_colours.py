"""Contrast maths and the colour rules of the branding (WCAG AA: 4.5:1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.branding.contrast import contrast_ratio, relative_luminance
from portal.branding.forms import BrandingForm
from portal.branding.models import Branding
from portal.branding.validators import (
    validate_accent_colour,
    validate_hex_colour,
    validate_primary_colour,
)


def test_black_on_white_is_21_to_1() -> None:
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_same_colour_is_1_to_1() -> None:
    assert contrast_ratio("#1f4e79", "#1f4e79") == pytest.approx(1.0)


def test_grey_777_on_white_is_just_below_aa() -> None:
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_luminance_of_the_extremes() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)


def test_grey_777_is_refused_as_primary_colour_with_the_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_primary_colour("#777777")
    assert caught.value.code == "low_contrast"
    message = caught.value.messages[0]
    assert "4.5" in message and "#777777" in message


def test_grey_767676_is_just_enough() -> None:
    # 4.54:1, the lightest grey that passes AA on white.
    validate_primary_colour("#767676")
    validate_accent_colour("#767676")


def test_light_accent_colour_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_accent_colour("#ffcc00")
    assert caught.value.code == "low_contrast"


@pytest.mark.parametrize(
    "value", ["", "red", "#12345", "#1234567", "#gggggg", "1f4e79", "#1f4e7", "<script>"]
)
def test_invalid_hex_is_refused(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_hex_colour(value)
    assert caught.value.code == "invalid_colour"


def _form(**overrides: str) -> BrandingForm:
    branding = Branding(display_name="Alpha", primary_colour="#1f4e79", accent_colour="#8a3b12")
    data = {
        "display_name": "Alpha",
        "primary_colour": "#1f4e79",
        "primary_colour_picker": "#1f4e79",
        "accent_colour": "#8a3b12",
        "accent_colour_picker": "#8a3b12",
    }
    data.update(overrides)
    return BrandingForm(data, branding=branding)


def test_form_shows_the_contrast_reason_on_the_colour_field() -> None:
    form = _form(primary_colour="#777777")
    assert not form.is_valid()
    assert "4.5" in form.errors["primary_colour"][0]
    html = str(form["primary_colour"].errors)
    assert "WCAG" in html


def test_form_takes_a_typed_colour_over_the_unchanged_picker() -> None:
    form = _form(primary_colour="#0B3D2E")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["primary_colour"] == "#0b3d2e"


def test_form_takes_the_picked_colour_when_the_text_is_unchanged() -> None:
    form = _form(primary_colour_picker="#0b3d2e")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["primary_colour"] == "#0b3d2e"


def test_form_refuses_a_picked_colour_that_is_too_light() -> None:
    form = _form(accent_colour_picker="#ffff00")
    assert not form.is_valid()
    assert "accent_colour" in form.errors


def test_form_renders_a_colour_picker_and_a_labelled_text_box() -> None:
    html = str(_form()["primary_colour"])
    assert 'type="color"' in html and 'name="primary_colour_picker"' in html
    assert 'type="text"' in html and 'name="primary_colour"' in html
    assert 'id="id_primary_colour_0"' in html
    assert _form()["primary_colour"].id_for_label == "id_primary_colour_0"

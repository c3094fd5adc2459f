"""A NUL character in an address is refused with a 400, never a database error."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/exchange/?q=%00",
        "/api/v1/info/events/?organiser=%00",
        "/api/v1/directory/organisations/%00/",
    ],
)
def test_nul_in_the_address_is_a_400(client_a, path) -> None:
    assert client_a.get(path).status_code == 400

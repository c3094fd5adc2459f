"""The operator fixtures of the operator site's tests, for the billing pages."""

from tests.portal.operators.conftest import operator, operator_client  # noqa: F401

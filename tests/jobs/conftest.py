"""The same users as the history tests."""

from tests.audit.conftest import partner_a_user  # noqa: F401

"""The same users as the history tests."""

from tests.audit.conftest import partner_a_api, partner_a_user, partner_admin, partner_b_user, superuser_user  # noqa: F401

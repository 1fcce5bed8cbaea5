"""The migration that replaces REST framework's tokens (keys in clear) by hashed ones: same keys keep working."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import APIToken

migration = importlib.import_module("accounts.migrations.0005_api_tokens")
KEY = "0123456789abcdef0123456789abcdef01234567"


def test_existing_tokens_are_hashed_their_clear_keys_deleted_and_they_still_open_the_api(db):
    user = User.objects.create_user("legacy-token-user", password="a-long-test-password")
    with connection.cursor() as cursor:  # as REST framework's authtoken app left it
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint NOT NULL, created timestamp"
            " with time zone NOT NULL)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [KEY, user.pk, "2024-01-02 03:04:05+00"])
    migration.hash_existing_tokens(apps, SimpleNamespace(connection=connection))

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
    token = APIToken.objects.get(user=user)
    assert token.prefix == KEY[:8] and KEY not in token.digest and token.created_at.year == 2024
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    assert client.get("/api/v1/countries/KAZ/").status_code == 200

"""API tokens stored as a prefix and a SHA-256 digest. The tokens of Django REST framework's authtoken app,
which kept keys in clear, are carried over (same key, so programs keep working) and their clear keys deleted."""

import accounts.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import hashlib
from datetime import timedelta

from django.utils import timezone


def hash_existing_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    APIToken = apps.get_model("accounts", "APIToken")
    expires = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
    prefixes = set()
    for key, user_id, created in rows:
        if key[:8] in prefixes:  # two keys sharing their first 8 characters (about 1 in 4 billion): reissue one
            continue
        prefixes.add(key[:8])
        token = APIToken.objects.create(
            user_id=user_id,
            name="REST framework token",
            prefix=key[:8],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            expires_at=expires,
        )
        APIToken.objects.filter(pk=token.pk).update(created_at=created)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_partner_language'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='APIToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, help_text='What or who uses the token.', max_length=100, verbose_name='purpose')),
                ('prefix', models.CharField(editable=False, max_length=8, unique=True, verbose_name='key prefix')),
                ('digest', models.CharField(editable=False, max_length=64, verbose_name='key digest')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('expires_at', models.DateTimeField(default=accounts.models.default_token_expiry, verbose_name='expires')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at'],
            },
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
    ]

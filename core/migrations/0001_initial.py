# The import history, moved here from the imports app: its tables (imports_importrecord, imports_importchange)
# stay where they are; an existing database only renames the content types, so permissions and groups follow.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="imports", model__in=["importrecord", "importchange"]).update(app_label="core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('imports', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='ImportRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model_label', models.CharField(db_index=True, max_length=100, verbose_name='model')),
                ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                ('file_format', models.CharField(blank=True, max_length=8, verbose_name='format')),
                ('encoding', models.CharField(blank=True, max_length=32, verbose_name='encoding')),
                ('via', models.CharField(help_text='admin, command line or API', max_length=16, verbose_name='via')),
                ('status', models.CharField(choices=[('completed', 'Completed'), ('failed', 'Failed, nothing written'), ('undone', 'Undone')], max_length=16, verbose_name='status')),
                ('rows', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('created', models.PositiveIntegerField(default=0, verbose_name='new')),
                ('updated', models.PositiveIntegerField(default=0, verbose_name='updated')),
                ('unchanged', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                ('errors', models.PositiveIntegerField(default=0, verbose_name='errors')),
                ('error_summary', models.TextField(blank=True, verbose_name='errors found')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('undone_at', models.DateTimeField(blank=True, null=True, verbose_name='undone')),
                ('undone_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='undone by')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'import history',
                'db_table': 'imports_importrecord',
                'ordering': ['-started_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ImportChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('created', 'Created'), ('updated', 'Updated')], max_length=8)),
                ('object_pk', models.BigIntegerField()),
                ('before', models.JSONField(blank=True, null=True)),
                ('record', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='core.importrecord')),
            ],
            options={
                'verbose_name': 'import change',
                'verbose_name_plural': 'import changes',
                'db_table': 'imports_importchange',
                'ordering': ['record', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('record', 'object_pk'), name='importchange_unique_record_object', violation_error_message='An import changes a record once.')],
            },
        ),
            ]),
    ]

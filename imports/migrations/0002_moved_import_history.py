# The import history moved to core (its tables stay where they are): state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0001_initial'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='importrecord',
            name='undone_by',
        ),
        migrations.RemoveField(
            model_name='importrecord',
            name='user',
        ),
        migrations.DeleteModel(
            name='ImportChange',
        ),
        migrations.DeleteModel(
            name='ImportRecord',
        ),
            ]),
    ]

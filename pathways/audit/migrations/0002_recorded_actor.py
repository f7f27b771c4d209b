"""Keep a copy of each audit entry's actor id, which the hash covers, and stop deleting actors.

The entry's hash has always covered the actor's user id, read through the foreign key; the
key became NULL when the user was deleted, and the entry then failed verification. The copy
is filled here from the key, before any further deletion can happen, and the hash reads the
copy, so the formula and every existing hash stay as they were.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_actor_ids(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditEvent.objects.filter(actor__isnull=False).update(recorded_actor_id=models.F("actor_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="recorded_actor_id",
            field=models.BigIntegerField(
                blank=True, null=True, verbose_name="actor id as recorded"
            ),
        ),
        migrations.RunPython(copy_actor_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
    ]

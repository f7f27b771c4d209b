"""Record which key signs each audit entry; entries from before signing keep an empty key id
and the plain SHA-256 they were written with (see pathways/audit/models.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_recorded_actor")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(
                blank=True, default="", max_length=32, verbose_name="signing key"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Updated"),
                    ("delete", "Deleted"),
                    ("merge", "Merged"),
                    ("unmerge", "Merge undone"),
                    ("import", "Imported"),
                    ("status", "Status changed"),
                    ("key", "Signing key changed"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
    ]

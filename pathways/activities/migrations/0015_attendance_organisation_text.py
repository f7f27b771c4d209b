"""Attendance.organisation_text: the organisation as the sheet wrote it, when none matched.

The column is added with plain SQL: Django's AddField of a NOT NULL column rebuilds the table
on SQLite, and a rebuilt table loses the participant tally's triggers (0004_event_tally).
Both SQLite and PostgreSQL add a column with a constant default without rewriting the rows.
"""

from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute(
        "ALTER TABLE activities_attendance "
        "ADD COLUMN organisation_text varchar(300) NOT NULL DEFAULT ''"
    )


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE activities_attendance DROP COLUMN organisation_text")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0014_name_keys_without_honorifics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="attendance",
                    name="organisation_text",
                    field=models.CharField(
                        blank=True,
                        default="",
                        max_length=300,
                        verbose_name="organisation as written",
                    ),
                ),
            ],
        ),
    ]

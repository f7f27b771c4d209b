"""Indexes every new person and attendance paid for and no query used.

- Attendance.event and Attendance.person: the unique (event, person) constraint's index
  serves an event's rows, the (person, role) index a person's.
- Person.match_key: read with the person, never searched by (on PostgreSQL also its
  pattern-matching twin, `_like`).

The indexes are dropped by name. Django's own AlterField would rebuild both tables on SQLite,
and a rebuilt table loses the participant tally's triggers (0004_event_tally).
"""

from django.db import migrations, models
import django.db.models.deletion

DROPPED = [
    ("activities_attendance", "activities_attendance_event_id_061c3f8a", "event_id", False),
    ("activities_attendance", "activities_attendance_person_id_790d1925", "person_id", False),
    ("activities_person", "activities_person_match_key_aa1108d7", "match_key", False),
    ("activities_person", "activities_person_match_key_aa1108d7_like", "match_key", True),
]


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for _table, index, _column, _like in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index)}")


def create_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table, index, column, like in DROPPED:
        if like and not postgresql:
            continue
        pattern = " varchar_pattern_ops" if like else ""
        schema_editor.execute(
            f"CREATE INDEX {quote(index)} ON {quote(table)} ({quote(column)}{pattern})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_person_block_copies_unchecked"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="attendance",
                    name="event",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="activities.event",
                        verbose_name="event",
                    ),
                ),
                migrations.AlterField(
                    model_name="attendance",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attendances",
                        to="activities.person",
                        verbose_name="person",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="match_key",
                    field=models.CharField(
                        blank=True,
                        editable=False,
                        help_text="Phonetic keys of both names in Latin letters, for finding duplicates.",
                        max_length=200,
                    ),
                ),
            ],
        ),
    ]

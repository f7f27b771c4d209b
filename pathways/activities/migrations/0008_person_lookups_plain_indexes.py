"""Person.name_key, .phone and .email get plain indexes of their own (Meta.indexes) instead of
db_index, which on PostgreSQL also made a pattern-matching (`_like`) index for each: matching
looks these up whole, never by how they begin, and every new person paid for six indexes.

The old indexes are dropped by name: Django's own AlterField would rebuild the table on
SQLite, and a rebuilt table loses the participant tally's triggers (0004_event_tally).
"""

from django.db import migrations, models

OLD = [
    ("activities_person_name_key_5caaad0e", "name_key"),
    ("activities_person_phone_a5e59e2b", "phone"),
    ("activities_person_email_44281897", "email"),
]


def drop_old(apps, schema_editor):
    quote = schema_editor.quote_name
    for index, _column in OLD:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index)}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index + '_like')}")


def create_old(apps, schema_editor):
    quote = schema_editor.quote_name
    table = quote("activities_person")
    for index, column in OLD:
        schema_editor.execute(f"CREATE INDEX {quote(index)} ON {table} ({quote(column)})")
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX {quote(index + '_like')} ON {table}"
                f" ({quote(column)} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0007_person_blocks_unchecked"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_old, create_old)],
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="email",
                    field=models.EmailField(blank=True, max_length=254, verbose_name="email"),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="name_key",
                    field=models.CharField(
                        editable=False, help_text="Normalised name for matching.", max_length=200
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="phone",
                    field=models.CharField(
                        blank=True, max_length=20, verbose_name="phone (E.164)"
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_key"], name="person_name_key"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["phone"], name="person_phone"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["email"], name="person_email"),
        ),
    ]

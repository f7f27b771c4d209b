"""Person.id_number: an identity number, which recognises one person across scripts
(docs/counting-rules.md), with a plain index for the importer's look-ups.

The column is added in SQL: Django's AddField rebuilds the table on SQLite, and a rebuilt
table loses the participant tally's triggers (0004_event_tally).
"""

from django.db import migrations, models

ADD = (
    'ALTER TABLE "activities_person" ADD COLUMN "id_number" varchar(40) NOT NULL DEFAULT \'\'',
    'CREATE INDEX "person_id_number" ON "activities_person" ("id_number")',
)
REMOVE = (
    'DROP INDEX IF EXISTS "person_id_number"',
    'ALTER TABLE "activities_person" DROP COLUMN "id_number"',
)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_import_batch_problem_rows"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(sql=list(ADD), reverse_sql=list(REMOVE)),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="person",
                    name="id_number",
                    field=models.CharField(
                        blank=True, max_length=40, verbose_name="identity number"
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["id_number"], name="person_id_number"),
                ),
            ],
        ),
    ]

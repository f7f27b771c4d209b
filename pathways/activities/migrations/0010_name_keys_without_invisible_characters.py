"""Recompute the matching keys of persons whose names hold a character nobody sees.

A zero-width space, joiner or non-joiner, a word joiner, a soft hyphen or a control character
used to split a name's key ('Sok<ZWSP>Dara' keyed as 'Sok Dara'); it now joins
(`pathways.lib.text.key_text`). Khmer typed with word-breaking tools holds zero-width spaces
throughout, so the keys stored before would no longer meet the keys of the same names
imported again. Only the persons whose names hold such a character are read.
"""

from django.db import migrations
from django.db.models import Q

# Written out character by character: a range in a regular expression depends on the
# database's collation, a list does not. NUL cannot be stored, so it is not looked for.
_INVISIBLE = (
    "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    + "".join(map(chr, range(0x01, 0x20)))
    + "".join(map(chr, range(0x7F, 0xA0)))
    + "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
)
PATTERN = f"[{_INVISIBLE}]"


def recompute_keys(apps, schema_editor):
    from pathways.activities.dedup.matching import match_key, name_key

    Person = apps.get_model("activities", "Person")
    affected = Person.objects.filter(Q(full_name__regex=PATTERN) | Q(latin_name__regex=PATTERN))
    changed = []
    for person in affected.only("full_name", "latin_name", "name_key", "match_key").iterator():
        keys = name_key(person.full_name), match_key(person.full_name, person.latin_name)
        if keys != (person.name_key, person.match_key):
            person.name_key, person.match_key = keys
            changed.append(person)
    Person.objects.bulk_update(changed, ["name_key", "match_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("activities", "0009_import_uploads")]

    operations = [migrations.RunPython(recompute_keys, migrations.RunPython.noop)]

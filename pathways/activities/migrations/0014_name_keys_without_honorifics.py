"""Recompute the matching keys of persons whose names may hold an honorific.

Name keys and phonetic keys are now built from the name without its honorific
(`pathways.lib.honorifics`), so 'Mr Sok Dara' and 'Sok Dara' meet. Keys stored before would
keep such a person apart from the same name imported again. Only the persons whose names
start with an honorific's letters, or end with a bracket or a comma's word, are read; the
names themselves are not changed.
"""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q


def recompute_keys(apps, schema_editor):
    from pathways.activities.dedup.matching import match_key, name_key
    from pathways.lib.honorifics import possible_starts

    Person = apps.get_model("activities", "Person")
    starts = [
        Q(**{f"{field}__istartswith": word})
        for word in possible_starts()
        for field in ("full_name", "latin_name")
    ]
    trailing = [Q(full_name__contains="("), Q(full_name__contains=","), Q(latin_name__contains="(")]
    trailing.append(Q(latin_name__contains=","))
    affected = Person.objects.filter(reduce(or_, starts + trailing))
    changed = []
    for person in affected.only("full_name", "latin_name", "name_key", "match_key").iterator():
        keys = name_key(person.full_name), match_key(person.full_name, person.latin_name)
        if keys != (person.name_key, person.match_key):
            person.name_key, person.match_key = keys
            changed.append(person)
    Person.objects.bulk_update(changed, ["name_key", "match_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("activities", "0013_age_at_the_event")]

    operations = [migrations.RunPython(recompute_keys, migrations.RunPython.noop)]

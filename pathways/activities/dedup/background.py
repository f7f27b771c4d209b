"""A full search for duplicates across one country, as a job (`pathways.jobs`): queued from
the review page or `find_duplicates --background --user`, run by a worker.

The worker runs the same `run_duplicate_finder` as the command, as the user who queued it:
their access is checked again when it runs (a data role in the country), and the sure pairs
it merges are their merges, audited and undoable under Recent merges. The job ends with the
review queue's link and a report: pairs found, merged, queued, the groups waiting, the time.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from pathways.activities.access import candidates_for_user, require_duplicate_finder
from pathways.activities.dedup.finder import run_duplicate_finder
from pathways.activities.dedup.groups import groups_waiting
from pathways.audit.models import AuditEvent
from pathways.jobs.models import Job
from pathways.jobs.progress import Reporter
from pathways.jobs.services import JobError, Outcome, job_queue, job_run
from pathways.programs.labels import reference_name
from pathways.programs.models import Country


def duplicates_queue(
    *, actor: Any, country: Country, source: str = AuditEvent.Source.WEB
) -> tuple[Job, bool]:
    """Queue a full search of the country, to run as `actor`; or, while one waits or runs
    there already, that one (two searches of one country would merge the same pairs).
    Returns the job and whether it is new."""
    require_duplicate_finder(actor, country)
    active = Job.objects.filter(
        kind=Job.Kind.DUPLICATES,
        country=country,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
    ).first()
    if active is not None:
        return active, False
    job = job_queue(
        task=duplicates_job_run,
        owner=actor,
        kind=Job.Kind.DUPLICATES,
        title=_("Search for duplicates across %(country)s") % {"country": reference_name(country)},
        country_id=country.pk,
        params={"source": source},
    )
    return job, True


@task()
def duplicates_job_run(job_id: int) -> None:
    job_run(job_id, _search)


def _search(job: Job, report: Reporter) -> Outcome:
    country = Country.objects.filter(pk=job.country_id).first()
    if country is None:
        raise JobError(_("The country of this search is no longer on record."))
    try:
        require_duplicate_finder(job.owner, country)
    except Http404:
        raise JobError(
            _("You no longer work in %(country)s; the search did not run.")
            % {"country": reference_name(country)}
        ) from None
    started = time.monotonic()
    result = run_duplicate_finder(
        country_ids=[country.pk],
        actor=job.owner,
        source=job.params.get("source", AuditEvent.Source.WEB),
        progress=report,
    )
    return Outcome(
        report={
            "pairs_found": result.pairs_found,
            "merged": result.merged,
            "queued": result.queued,
            "groups": _groups_waiting(job.owner, country),
            "seconds": round(time.monotonic() - started, 1),
        },
        result_url=reverse("activities:duplicate_list"),
    )


def _groups_waiting(user: Any, country: Country) -> int:
    """The groups of the country waiting in the user's review queue after the search."""
    return groups_waiting(candidates_for_user(user).filter(person_a__country=country))

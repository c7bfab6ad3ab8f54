"""Published trials' public records kept as JSON texts, so the JSON export streams texts.

Building a record from its rows (decoding about 35 child rows, ``trial_record``,
``json.dumps``) costs most of a millisecond; 10,000 of them took 7.5 s of the export. A
stored text is served only while its stamp matches the deployed code and the trial's
``updated_at``, which every import, curator save and publication change moves: a missing or
stale text is built again from the rows in the chunk that reads it, and stored, so a
changed trial never serves its old record. ``fill`` builds them all after ``migrate``
(a deploy changes the code, hence every stamp).

A text holds ``BASE_URL`` where the site's address goes in the record's ``url``.
"""

import json
from itertools import islice

from django.db import IntegrityError, router, transaction

from trials.catalogue.records import public_record, trial_record
from trials.catalogue.versions import code_version
from trials.models import HEAVY_FIELDS, StoredRecord, Trial, plain_trial_children

CHUNK = 500
BASE_URL = "\x1e"  # json.dumps writes it "\u001e"; text from a trial cannot end up after `"url": "`
_STORED_URL = '"url": "\\u001e'


def stamp(updated_at) -> str:
    return f"{code_version()}|{updated_at.isoformat()}"


def _build(ids: list[int], using: str) -> dict[int, str]:
    """The record texts of trials ``ids`` from their rows (two queries), stored (one more)."""
    trials = Trial.objects.using(using).filter(pk__in=ids).select_related("sponsor")
    children = plain_trial_children(ids, using)
    built = {
        trial.pk: (
            stamp(trial.updated_at),
            json.dumps(
                public_record(trial_record(trial, base_url=BASE_URL, children=children[trial.pk]))
            ),
        )
        for trial in trials.defer(*HEAVY_FIELDS)
    }
    rows = [StoredRecord(trial_id=pk, stamp=s, text=text) for pk, (s, text) in built.items()]
    target = router.db_for_write(StoredRecord)
    try:
        with transaction.atomic(using=target):
            StoredRecord.objects.using(target).bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["trial"],
                update_fields=["stamp", "text"],
            )
    except IntegrityError:  # a trial deleted meanwhile: serve the texts, store them next time
        pass
    return {pk: text for pk, (_stamp, text) in built.items()}


def record_texts(trials, base_url: str):
    """Lists of the JSON texts of ``trials``' public records, ``CHUNK`` at a time, in order:
    one query per chunk when the stored texts are current, three more when some are not."""
    columns = ("pk", "updated_at", "stored_record__stamp", "stored_record__text")
    rows = trials.values_list(*columns).iterator(chunk_size=CHUNK)
    url = '"url": ' + json.dumps(base_url)[:-1]
    while chunk := list(islice(rows, CHUNK)):
        stale = [pk for pk, updated_at, stored, _text in chunk if stored != stamp(updated_at)]
        built = _build(stale, trials.db) if stale else {}
        texts = (built.get(pk, text) for pk, *_, text in chunk)
        yield [text.replace(_STORED_URL, url, 1) for text in texts if text is not None]


def fill(**kwargs) -> None:
    """post_migrate receiver: build the missing and stale texts of every published trial."""
    for _texts in record_texts(Trial.objects.published().order_by("pk"), ""):
        pass

"""Small builders for trials that tests need beyond the sample documents."""

from itertools import count

from trials.models import Publication, RegistryId, Trial

_numbers = count(90000000)


def make_trial(*, registry_id: str | None = None, **fields) -> Trial:
    value = registry_id or f"NCT{next(_numbers):08d}"
    fields.setdefault("title", f"Trial {value}")
    fields.setdefault("publication", Publication.PUBLISHED)
    trial = Trial.objects.create(public_id=value, **fields)
    RegistryId.objects.create(trial=trial, registry="nct", value=value, slug=value, is_primary=True)
    return trial

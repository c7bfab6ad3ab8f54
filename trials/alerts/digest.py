"""What each subscription is told: trials newly in its search, and news of trials already
there, between the moment it was sent up to and the end of this run's window.

Read once per run from the history (trials/history.py): the historical records written in
the window, plus each changed trial's last record before it (two queries), whatever the
number of subscriptions. A subscription's news of a trial compares the trial's latest
record in the window with its latest record up to the subscription's ``sent_up_to``.
"""

from dataclasses import dataclass, field
from datetime import datetime

from trials.catalogue.changes import latest_records, news_items
from trials.models import Publication, Trial

HEAVY = ("brief_summary", "detailed_description")  # long texts no news is made of


@dataclass(frozen=True)
class TrialNews:
    trial_id: int
    public_id: str
    title: str
    is_new: bool  # newly in the catalogue's published trials since the last mail
    items: tuple[str, ...]


@dataclass
class ChangeWindow:
    """The historical records of the trials that changed in (start, until]."""

    start: datetime
    until: datetime
    versions: dict[int, list] = field(default_factory=dict)  # trial id -> records, oldest first
    _news: dict[tuple[int, int | None], TrialNews | None] = field(default_factory=dict)

    def published_ids(self) -> list[int]:
        """Trials whose latest record in the window is published: the only ones to match."""
        return [pk for pk, records in self.versions.items()
                if records[-1].publication == Publication.PUBLISHED]  # fmt: skip

    def news(self, trial_id: int, since: datetime) -> TrialNews | None:
        """What changed in the trial after ``since``, for a reader; None when nothing did."""
        records = self.versions.get(trial_id, [])
        before = [r for r in records if r.history_date <= since]
        after = [r for r in records if r.history_date > since]
        if not after:
            return None
        baseline = before[-1] if before else None
        key = (trial_id, baseline.history_id if baseline else None)
        if key not in self._news:  # most subscriptions share a baseline: compared once
            self._news[key] = _news(after[-1], baseline)
        return self._news[key]


def _news(latest, baseline) -> TrialNews | None:
    if latest.publication != Publication.PUBLISHED:
        return None
    if baseline is None or baseline.publication != Publication.PUBLISHED:
        return TrialNews(latest.id, latest.public_id, latest.title, True, ())
    items = news_items(latest, baseline)
    if not items:
        return None
    return TrialNews(latest.id, latest.public_id, latest.title, False, items)


def read_window(start: datetime, until: datetime) -> ChangeWindow:
    historical = Trial.history.model
    window = ChangeWindow(start, until)
    in_window = (
        historical.objects.filter(history_date__gt=start, history_date__lte=until)
        .defer(*HEAVY)
        .order_by("id", "history_date", "history_id")
    )
    for record in in_window:
        window.versions.setdefault(record.id, []).append(record)
    if not window.versions:
        return window
    before = latest_records(
        historical.objects.filter(id__in=list(window.versions), history_date__lte=start).defer(
            *HEAVY
        ),
        1,
    )
    for record in before:
        window.versions[record.id].insert(0, record)
    return window

"""What the catalogue knows about trial registries: links, priority, URL-safe ids, and the
one rule that gives a trial its public id."""

import hashlib
import re
from collections.abc import Sequence

from django.utils.text import slugify

from trials.text import search_key

# A trial's public id is its id in the first registry of this order that it has.
PRIMARY_ORDER = ("nct", "eu_ct", "eudract", "isrctn", "chictr", "ctri", "anzctr", "jprn", "drks",
                 "irct", "other")  # fmt: skip

_URLS = {
    "nct": "https://clinicaltrials.gov/study/{value}",
    "eu_ct": "https://euclinicaltrials.eu/ctis-public/view/{value}",
    "eudract": "https://www.clinicaltrialsregister.eu/ctr-search/search?query={value}",
    "isrctn": "https://www.isrctn.com/{value}",
    "chictr": "https://www.chictr.org.cn/searchprojEN.html?regno={value}",
    "ctri": "https://ctri.nic.in/",
    "anzctr": "https://www.anzctr.org.au/TrialSearch.aspx?searchTxt={value}",
    "jprn": "https://rctportal.niph.go.jp/en/",
    "drks": "https://drks.de/search/en/trial/{value}",
    "irct": "https://irct.behdasht.gov.ir/search/result?query={value}",
}


def registry_url(registry: str, value: str) -> str:
    """The registry's public page for an id, or "" when the registry has no stable link."""
    template = _URLS.get(registry)
    return template.format(value=value) if template else ""


def url_slug(value: str) -> str:
    """The id as it stands in a URL: unchanged, or slugified when it holds a '/'."""
    return slugify(value.replace("/", "-")) if "/" in value else value.strip()


def primary_rank(registry: str) -> int:
    return PRIMARY_ORDER.index(registry) if registry in PRIMARY_ORDER else len(PRIMARY_ORDER)


def primary_of(registry_ids: Sequence[tuple[str, str, bool]]) -> int | None:
    """The position of a trial's primary id among its ``(registry, value, is_primary)`` ids:
    the id marked primary, else the first in PRIMARY_ORDER; None without ids."""
    if not registry_ids:
        return None
    return min(
        range(len(registry_ids)),
        key=lambda index: (not registry_ids[index][2], primary_rank(registry_ids[index][0])),
    )


def public_id_of(registry_ids: Sequence[tuple[str, str, bool]], title: str) -> str:
    """A trial's public id (its URL): its primary id as it stands in a URL; a trial without
    any registry id is known by a digest of its title, so that importing the same document
    again finds it."""
    index = primary_of(registry_ids)
    if index is None:
        return "rt-" + hashlib.sha256(search_key(title).encode()).hexdigest()[:10]
    return url_slug(registry_ids[index][1])


_ID_LIKE = re.compile(r"[A-Za-z0-9/]+(?:[ -]+[A-Za-z0-9/]+){0,5}")


def id_spellings(query: str) -> tuple[str, ...]:
    """The ways a registry id typed in the search box may be stored: as typed, without its
    spaces, with dashes for spaces ("2025 520841 60 00"), without any separator
    ("ISRCTN-12345678"), in capitals and URL form. Empty when the query cannot be an id."""
    query = query.strip()
    if len(query) > 100 or not _ID_LIKE.fullmatch(query):
        return ()
    if not any(ch.isdigit() for ch in query):
        return ()  # every registry id has digits; plain words are searches
    forms = {
        query,
        query.replace(" ", ""),
        re.sub(r"[ -]+", "-", query),
        re.sub(r"[ -]+", "", query),
    }
    spellings = {s for form in forms for s in (form, form.upper(), url_slug(form))}
    spellings |= {s.lower() for s in spellings}
    return tuple(sorted(spellings))

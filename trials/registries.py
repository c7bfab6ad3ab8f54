"""What the catalogue knows about trial registries: links, priority, URL-safe ids."""

from django.utils.text import slugify

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

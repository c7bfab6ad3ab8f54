"""3,000 hostile parameter values across every public list, API, landscape, export and feed
parameter: not one answer is a 5xx (run it on PostgreSQL too, which refuses what SQLite
lets through, such as integers past 2^31).

A generated table, not random draws, so a failure names its value and repeats. Values are
sent five to a request (each request a different mix of parameters), so the 3,000 values
cost 600 requests.
"""

import random
import time
from collections import Counter
from itertools import cycle, islice
from urllib.parse import urlencode

import pytest

from trials.catalogue.filters import TrialFilter

pytestmark = pytest.mark.django_db

VALUES_TESTED = 3_000
PER_REQUEST = 5
ENDPOINTS = (
    "/trials/",
    "/api/trials/",
    "/landscape/",
    "/landscape/start_year.csv",
    "/landscape/country.csv",
    "/trials/export.csv",
    "/trials/export.json",
    "/trials/export.ris",
    "/trials/feed/",
    "/",
)
PARAMETERS = (
    *TrialFilter.base_filters,
    "page", "page_size", "bom", "format", "callback", "q[]", "status[]", "__proto__",
)  # fmt: skip
NUMBERS = (
    2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, 10**100, -1, -(2**31) - 1, -(2**63),
)  # fmt: skip
STRINGS = (
    "", " ", "0", "-0", "+1", "1e309", "-1e309", "1e-400", "NaN", "inf", "-Infinity", "0x7fffffff",
    "1_000", "１２", "٣", "½", "9" * 400, "1" + "0" * 5000, "1.5", "1,5", "00000000000001",
    "\x00", "a\x00b", "\x01\x1b[31m", "\x7f", "\u202e", "\ufeff", "\ud7ff", "e\u0301",
    "𝓍", "🧬" * 100, "ℌ", "Ｍｓｃ", "\u0000recruiting", "recruiting\x00",
    "x" * 10_240, "é" * 5_000, "%00", "%FF%FE", "%%", "\\", "/../../etc/passwd",
    "' OR 1=1 --", "'; DROP TABLE trials_trial; --", '" OR ""="', "1) OR (1=1",
    "1 UNION SELECT password FROM auth_user", "$where", '{"$gt": ""}', "[]", "{}", "null",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "{{7*7}}", "{% debug %}", "${jndi:ldap://x}", "=cmd|' /C calc'!A0", "@SUM(1)",
    "recruiting", "completed", "2", "msc", "US", "BY", "nct", "female", "true", "relevance",
)  # fmt: skip


def hostile_values() -> list[tuple[str, str]]:
    """(parameter, value) pairs: every value for every parameter in turn, then mixes."""
    values = [str(n) for n in NUMBERS] + list(STRINGS)
    rng = random.Random(14)
    pairs = [(name, value) for name in PARAMETERS for value in values]
    rng.shuffle(pairs)
    return list(islice(cycle(pairs), VALUES_TESTED))


def requests() -> list[tuple[str, list[tuple[str, str]]]]:
    pairs = hostile_values()
    groups = [pairs[i : i + PER_REQUEST] for i in range(0, len(pairs), PER_REQUEST)]
    return list(zip(cycle(ENDPOINTS), groups, strict=False))


def test_the_table_covers_every_parameter_and_endpoint():
    sent = requests()
    assert sum(len(group) for _, group in sent) == VALUES_TESTED
    assert {name for _, group in sent for name, _ in group} == set(PARAMETERS)
    assert {endpoint for endpoint, _ in sent} == set(ENDPOINTS)


def test_three_thousand_hostile_values_give_no_server_error(client, seeds):
    failures = []
    started = time.perf_counter()
    spent = Counter()
    for endpoint, group in requests():
        url = f"{endpoint}?{urlencode(group)}"
        began = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        spent[endpoint] += time.perf_counter() - began
        if response.status_code >= 500:
            failures.append((response.status_code, endpoint, group))
    elapsed = time.perf_counter() - started
    assert not failures, failures[:5]
    print(f"{VALUES_TESTED} values, {len(requests())} requests in {elapsed:.1f} s", spent)

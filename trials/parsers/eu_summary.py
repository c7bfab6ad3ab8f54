"""Patient-friendly summaries of EU (CTIS) trials (seed 002).

An English body about a product (its name is the page heading), a run-together table
"Trial IDPhaseCondition studiedStatusEnrollment" with one row per trial, and a navigation
list in Italian: the trial's own title as a bullet, its status ("In arruolamento") and the
countries ("Francia Germania Italia Spagna"). Then a glossary and the references.
"""

import re

from trials.parsers.cleaning import clean, clean_item, has_marker, prepare
from trials.parsers.draft import Draft
from trials.parsers.identifiers import registry_ids_in
from trials.parsers.record import ParsedIntervention, ParsedOutcome, ParsedTrial
from trials.parsers.sections import signal_score
from trials.parsers.values import age_bounds, enrollment_of
from trials.vocab.countries import countries_in_run
from trials.vocab.fields import STATUS, lookup, phases_of

NAME = "eu_summary"
SIGNALS = (
    ("Overview of the clinical trial", 0.3),
    ("Who the study is for", 0.2),
    ("Study design and phase", 0.2),
    ("What the study measures", 0.2),
    ("Main trial details", 0.2),
    ("Sperimentazioni cliniche", 0.3),
    ("Trial IDPhase", 0.3),
    ("Table of contents", 0.1),
    ("Glossario", 0.1),
    ("Riferimenti", 0.1),
)

_REFERENCE_MARK = re.compile(r"\[\d{1,3}\]")
_TABLE_HEADER = re.compile(r"^Trial\s*ID(?=.*(?:Phase|Status))", re.IGNORECASE)
_LIST_HEADING = re.compile(
    r"^(?:Sperimentazioni cliniche|Studi clinici|(?:Ongoing )?clinical trials (?:in progress|"
    r"ongoing|underway)|Essais cliniques|Ensayos cl[ií]nicos|Klinische (?:Studien|Prüfungen))"
    r"[^.]*$",
    re.IGNORECASE,
)
_END_HEADINGS = re.compile(
    r"^(?:Glossario|Glossary|Glossaire|Riferimenti|References|Références|Referencias)$", re.I
)
_REFERENCES = re.compile(r"^(?:Riferimenti|References|Références|Referencias)$", re.IGNORECASE)

_STATUS_WORDS = "|".join(
    r"[\W_]+".join(map(re.escape, key.split())) for key in sorted(STATUS, key=len, reverse=True)
)
_COLUMNS = (
    ("id", r"Trial\s*ID|EU\s*CT\s*(?:number)?|Trial number", r"(?P<id>\S+?)"),
    ("phase", r"Phase",
     r"(?P<phase>(?:Early\s+)?Phase\s*(?:[0-4]|IV|I{1,3})[ab]?(?:\s*(?:/|-|,|and)\s*(?:Phase\s*)?"
     r"(?:[0-4]|IV|I{1,3})[ab]?)*|N/?A|Not applicable)"),
    ("condition", r"Conditions?(?:\s*studied)?|Disease", r"(?P<condition>.+?)"),
    ("status", r"Status", rf"(?P<status>{_STATUS_WORDS})"),
    ("enrollment", r"Enrol?lment|Participants", r"(?P<enrollment>\d[\d,.]*)"),
    ("sponsor", r"Sponsor", r"(?P<sponsor>.+?)"),
)  # fmt: skip

_STUDY_TYPE = re.compile(r"\b(interventional|observational)\s+(?:study|trial)\b", re.IGNORECASE)
_PHASE_SENTENCE = re.compile(
    r"\bPhase\s+(?:[0-4]|I{1,3}V?)(?:\s*(?:/|-|and)\s*(?:Phase\s*)?(?:[0-4]|I{1,3}V?))?"
    r"\s+(?:trial|study)\b"
)
_ENROLLMENT = re.compile(
    r"\b(?P<kind>planned|target|expected|estimated|anticipated|actual)\s+"
    r"(?:enrol?lment|number of (?:participants|patients))\s+(?:is|of|was)\s+(?P<count>\d[\d,]*)",
    re.IGNORECASE,
)
_MAIN_OUTCOME = re.compile(
    r"\b(?P<kind>main|primary|secondary)\s+(?:endpoints?|end points?|outcomes?(?: measures?)?)"
    r"\s+(?:is|are|was|will be|include|includes)\s+(?P<what>[^.]+)\.",
    re.IGNORECASE,
)
_TIME_CUT = re.compile(
    r"\s+(?:at|after|within|over|by|up to|during|to)\s+(?=(?:\d|one|two|three|six|twelve|the end))"
)
_INTERVENTION = re.compile(
    r"\bintervention\s+(?:listed|named|called|registered)\s+as\s+(?P<name>[^,.;]+?)"
    r"(?=\s*[,.;]|\s+(?:described|together|combined)\b)",
    re.IGNORECASE,
)
_INTERVENTION_TYPE = re.compile(r"\bdescribed\s+(?:in the source\s+)?as\s+an?\s+(?P<type>\w+)")
_SPONSOR = re.compile(r"\bsponsored by\s+(?P<sponsor>[A-Z][^.;]+)")
_STATUS_SENTENCE = re.compile(
    rf"\bstatus (?:in the source data |of the trial )?is\s+(?P<status>{_STATUS_WORDS})\b",
    re.IGNORECASE,
)
_SEX = re.compile(r"\b(?:only\s+(?P<a>women|men|females|males)|(?P<b>women|men)\s+only)\b", re.I)


def sniff(text: str) -> float:
    return signal_score(text, SIGNALS)


def parse(text: str) -> ParsedTrial:
    text = prepare(text)
    raw_lines = [_REFERENCE_MARK.sub("", line) for line in text.split("\n")]
    lines = [clean(line) for line in raw_lines]
    draft = Draft(NAME)
    table_at = next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), None)
    list_at = next(
        (i for i, line in enumerate(lines) if i > (table_at or 0) and _LIST_HEADING.match(line)),
        None,
    )
    end_at = next((i for i, line in enumerate(lines) if _END_HEADINGS.match(line)), len(lines))
    body_end = min(i for i in (table_at, list_at, end_at) if i is not None)
    if table_at is not None:
        _read_table(draft, lines[table_at], lines[table_at + 1 : _rows_end(lines, table_at)])
    _read_body(draft, [line for line in lines[1:body_end] if line])
    if list_at is not None:
        _read_trial_list(draft, raw_lines[list_at + 1 : max(end_at, list_at + 1)])
    heading = next((line for line in lines if line), "")
    if not draft.has("title") and heading:
        draft.put("title", heading)
        draft.flag("title_guessed", "no trial title found; the page heading is used as title")
    references_at = next((i for i, line in enumerate(lines) if _REFERENCES.match(line)), None)
    complete = references_at is not None and any(lines[references_at + 1 :])
    return draft.finish(text, complete=complete)


def _rows_end(lines: list[str], header_at: int) -> int:
    """Index after the table rows that follow the header (rows start with a registry id)."""
    index = header_at + 1
    while index < len(lines) and (not lines[index] or registry_ids_in(lines[index][:40])):
        index += 1
    return index


def _row_pattern(header: str) -> re.Pattern[str] | None:
    found = []
    for name, label, cell in _COLUMNS:
        match = re.search(label, header, re.IGNORECASE)
        if match:
            found.append((match.start(), name, cell))
    if not found or found[0][1] != "id":
        return None
    cells = r"\s*".join(cell for _, _, cell in sorted(found))
    return re.compile(rf"^{cells}$", re.IGNORECASE)


def _read_table(draft: Draft, header: str, rows: list[str]) -> None:
    rows = [row for row in rows if row]
    pattern = _row_pattern(header)
    if len(rows) > 1:
        draft.flag("several_trials", f"the table lists {len(rows)} trials; the first is read")
    for row in rows[:1]:
        ids = registry_ids_in(row)
        draft.add("registry_ids", ids[:1])
        match = pattern.match(row[:1000]) if pattern else None
        if match is None:
            draft.flag("table_unparsed", f"the trial table row could not be read: '{row[:80]}'")
            continue
        cells = {name: clean(value) for name, value in match.groupdict().items() if value}
        if "phase" in cells:
            draft.put_phases(cells["phase"])
        if "condition" in cells:
            draft.add("conditions", [cells["condition"]])
        if "status" in cells:
            draft.put_status(cells["status"], "the trial table")
        if "enrollment" in cells:
            draft.put("enrollment", enrollment_of(cells["enrollment"])[0])
        if "sponsor" in cells:
            draft.put("sponsor", cells["sponsor"])


def _read_body(draft: Draft, paragraphs: list[str]) -> None:
    body = " ".join(paragraphs)
    if paragraphs:
        draft.put("brief_summary", paragraphs[0])
        prose = [line for line in paragraphs[1:] if line.endswith((".", ":")) or len(line) > 80]
        draft.put("detailed_description", "\n".join(prose))
    if match := _STUDY_TYPE.search(body):
        draft.put("study_type", lookup("study_type", match.group(1)))
    if match := _PHASE_SENTENCE.search(body):
        draft.put("phases", phases_of(match.group(0)))
    _read_design(draft, body)
    if match := _ENROLLMENT.search(body):
        draft.put("enrollment", int(re.sub(r"\D", "", match["count"])))
        draft.put("enrollment_type", lookup("enrollment_type", match["kind"]))
    if match := _STATUS_SENTENCE.search(body):
        draft.put_status(match["status"], "the text")
    for match in _MAIN_OUTCOME.finditer(body):
        kind = "secondary" if match["kind"].lower() == "secondary" else "primary"
        draft.add(f"{kind}_outcomes", [_outcome(match["what"])])
    if match := _INTERVENTION.search(body):
        said = body[match.end() :].split(". ", 1)[0].strip(" ,.;")
        kind = _INTERVENTION_TYPE.search(said)
        draft.add(
            "interventions",
            [
                ParsedIntervention(
                    name=clean(match["name"]),
                    type=lookup("intervention_type", kind["type"]) if kind else None,
                    description=said,
                )
            ],
        )
    if match := _SPONSOR.search(body):
        draft.put("sponsor", match["sponsor"])
    if match := _SEX.search(body):
        draft.put("sex", lookup("sex", match["a"] or match["b"]))
    for sentence in (part for part in body.split(". ") if "aged" in part):
        low, high = age_bounds(sentence, need_context=True)
        if low is not None or high is not None:
            draft.put_ages(low, high)
            draft.flag("age_from_text", f"ages read from the text: '{clean(sentence)}'")
            break


def _read_design(draft: Draft, body: str) -> None:
    if re.search(r"\bsingle[- ]arm\b", body, re.IGNORECASE):
        draft.put("allocation", "na")
        draft.put("intervention_model", "single_group")
    if re.search(r"\b(?:non-?|not )randomi[sz]ed\b", body, re.IGNORECASE):
        draft.put("allocation", "non_randomized")
    elif re.search(r"\brandomi[sz]ed\b", body, re.IGNORECASE):
        draft.put("allocation", "randomized")
    if re.search(r"\bparallel[- ]group\b", body, re.IGNORECASE):
        draft.put("intervention_model", "parallel")
    if re.search(r"\bcross-?over\b", body, re.IGNORECASE):
        draft.put("intervention_model", "crossover")
    if match := re.search(r"\b(double|single|triple|quadruple)[- ]blind", body, re.IGNORECASE):
        draft.put("masking", lookup("masking", match.group(1)))
    elif re.search(r"\bopen[- ]label\b", body, re.IGNORECASE):
        draft.put("masking", "none")


def _outcome(text: str) -> ParsedOutcome:
    text = re.sub(r"^(?:the|a|an)\s+", "", clean(text), flags=re.IGNORECASE)
    cuts = list(_TIME_CUT.finditer(text))
    measure, time = (text[: cuts[-1].start()], text[cuts[-1].end() :]) if cuts else (text, "")
    return ParsedOutcome(measure[:1].upper() + measure[1:], time.strip())


def _read_trial_list(draft: Draft, lines: list[str]) -> None:
    """The navigation list: title bullet, status, site counts, country names."""
    for line in lines:
        item = clean_item(line)
        if not item or re.fullmatch(r"[\d\s]+", item):
            continue
        if has_marker(line) and not draft.has("title"):
            draft.put("title", item)
        elif lookup("status", item):
            draft.put_status(item, "the trial list")
        elif countries := countries_in_run(item):
            draft.add("countries", countries)

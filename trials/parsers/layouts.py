"""The label-driven reader every registry layout shares.

A ``Layout`` is data: the registry's name, the phrases that recognise its pages, its label
table (the shared ``LABELS`` plus its own wordings), and a few switches (labels glued to
their values, bilingual values, what every record of the registry is). ``read`` turns a
page into a ParsedTrial with the generic sections reader; a layout adds a hook only for
what labels cannot say (jRCT's unlabelled values, an abstract's prose).
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from trials.parsers.cleaning import clean, clean_item, has_marker, prepare, typed_items
from trials.parsers.criteria import criteria_items
from trials.parsers.draft import Draft, apply_sections
from trials.parsers.furniture import heading_title, is_furniture, unpipe, without_glossary
from trials.parsers.record import ParsedTrial
from trials.parsers.sections import Section, label_key, read_sections, signal_score
from trials.parsers.tables import arms_from_blocks, locations_of
from trials.parsers.values import outcome_of
from trials.vocab.fields import lookup, phases_of

_FLAT_TABLE = re.compile(r"Group\s+Intervention\s+Description", re.IGNORECASE)
_TIME_FRAME_ROW = re.compile(r"\[\s*Time\s*Frame\s*:", re.IGNORECASE)
_OUTCOME_KEYS = frozenset({"primary_outcomes", "secondary_outcomes"})
# Editing prompts standing alone on a line: ANZCTR's "Query!", CTRI's "Modification(s)".
_QUERY = re.compile(r"^\s*(?:Query!|Modification\(s\))\s*$")
# Eligibility flattened into one line: the exclusion criteria start a line of their own.
_FLAT_ELIGIBILITY = re.compile(r"(Inclusion Criteria\s*:.*?\S)\s+(Exclusion Criteria\s*:.*)$")
_BADGE_BOUNDARY = re.compile(r"(?<=[A-Z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z]{2})")
_PARTICIPANTS = re.compile(r"^(\d[\d,]{0,8})\s+(?:participants|patients|subjects)$", re.I)
# A glued value holding more labelled pairs ("Allocation: Randomized;   Masking: Triple"):
# each pair on a line of its own.
_MORE_PAIRS = re.compile(r";\s+(?=[A-Z][A-Za-z /-]{2,40}:)")
# Language marks over the values of bilingual layouts (ReBEC writes "en" / "pt-br" lines).
_ENGLISH = frozenset({"英語", "english", "英文", "english:", "en"})
_OTHER_LANGUAGE = frozenset({"日本語", "japanese", "中文", "chinese", "日本語:", "pt-br", "es"})

Hook = Callable[[Draft, list[str], list[Section]], None]


@dataclass(frozen=True)
class Layout:
    """One registry's page layout, read by its labels."""

    name: str
    signals: tuple[tuple[str, float], ...]
    labels: Mapping[str, str]
    glued: re.Pattern[str] | None = None  # labels run into their values ("Study designX")
    unknown_label: re.Pattern[str] | None = None  # label lines this layout does not read
    bilingual: bool = False  # values given as "日本語 ... 英語 ...": the English one is read
    study_type: str | None = None  # what every record of this registry is
    hook: Hook | None = None  # the layout's own rules, after the labelled sections
    flags: tuple[tuple[str, str], ...] = field(default=())  # flags every record gets
    sniffer: Callable[[str], float] | None = None  # instead of the signals' weights

    @property
    def SIGNALS(self) -> tuple[tuple[str, float], ...]:  # noqa: N802 - as format modules name it
        return self.signals

    def sniff(self, text: str) -> float:
        return self.sniffer(text) if self.sniffer else signal_score(text, self.signals)

    def parse(self, text: str) -> ParsedTrial:
        return read(self, text)


def page_lines(text: str, glued: re.Pattern[str] | None = None) -> list[str]:
    """A prepared page's lines: table borders undone, "Query!" prompts dropped, glued labels
    apart, a flattened "Inclusion Criteria: ... Exclusion Criteria: ..." paragraph in two."""
    lines = [
        part
        for line in unpipe(without_glossary(text.split("\n")))
        if not _QUERY.match(line)
        for part in _unflattened(line)
    ]
    if glued is None:
        return lines
    out: list[str] = []
    for line in lines:
        match = glued.match(line)
        if not match:
            out.append(line)
            continue
        value = match["value"]
        out += [match["label"], *(_MORE_PAIRS.split(value) if "; " in value else [value])]
    return out


def _unflattened(line: str) -> Sequence[str]:
    if "xclusion" not in line or not (match := _FLAT_ELIGIBILITY.search(line)):
        return (line,)
    before = line[: match.start()].rstrip()
    return [*([before] if before else []), match[1], match[2]]


def read(layout: Layout, text: str) -> ParsedTrial:
    """A page of ``layout`` as a ParsedTrial."""
    text = prepare(text)
    patterns = [(layout.unknown_label, "ignore")] if layout.unknown_label else []
    preamble, sections = read_sections(
        page_lines(text, layout.glued), layout.labels, patterns=patterns
    )
    drop_cut_label(sections, layout.labels)
    if layout.bilingual:
        sections = [_english(section) for section in sections]
    draft = Draft(layout.name)
    read_sections_into(draft, sections)
    if layout.hook:
        layout.hook(draft, preamble, sections)
    read_preamble(draft, head_lines(preamble, sections), guess_title=True)
    if layout.study_type:
        draft.put("study_type", layout.study_type)
    for code, message in layout.flags:
        draft.flag(code, message)
    return draft.finish(text)


def head_lines(preamble: list[str], sections: Sequence[Section]) -> list[str]:
    """The lines above the trial's first field: the preamble and the page furniture's
    sections ("doi: ...", "Free article") before it, where a heading may stand."""
    lines = list(preamble)
    for section in sections:
        if section.key != "ignore":
            break
        lines += section.lines
    return lines


def drop_cut_label(sections: list[Section], labels: Mapping[str, str]) -> None:
    """A page cut inside a label ("Secondary outcome measur") ends with a piece of it, which
    is no value of the section before."""
    if not sections or not sections[-1].lines:
        return
    last = sections[-1].lines[-1]
    key = label_key(last.strip())
    if len(key) >= 8 and any(label.startswith(key) and label != key for label in labels):
        sections[-1].lines.pop()


def read_sections_into(draft: Draft, sections: list[Section]) -> None:
    """The shared sections, then what label-driven layouts read alike: arms blocks and
    tables, site lists under a heading, bulleted criteria under an eligibility heading, and
    "... [ Time Frame: ... ]" rows outside an outcome section (taken as primary outcomes)."""
    for section in apply_sections(draft, sections):
        if section.key == "arms" and _FLAT_TABLE.search(" ".join(section.lines)):
            draft.add_arms_table(section.lines)
        elif section.key == "arms":
            draft.add("arms", arms_from_blocks(section.lines, draft.intervention_names()))
        elif section.key == "@locations":
            draft.add("locations", locations_of(section.lines))
        elif section.key == "@badges":
            read_preamble(draft, section.lines, guess_title=False)
        elif section.key == "condition_table":
            _read_condition_table(draft, section.lines)
        elif section.key == "@recruitment":
            bulleted = [line for line in section.lines if has_marker(line)]
            draft.add("unclassified_criteria", criteria_items(bulleted))
    if draft.has("primary_outcomes"):
        return
    if not any(_TIME_FRAME_ROW.search(line) for s in sections for line in s.lines if "ime" in line):
        return
    rows = [
        line
        for section in sections
        if section.key not in _OUTCOME_KEYS
        for line in section.lines
        if _TIME_FRAME_ROW.search(line)
    ]
    if rows:
        draft.add("primary_outcomes", [outcome_of(row)[0] for row in rows])
        draft.flag(
            "outcomes_unlabelled", "outcomes with a time frame but no heading are taken as primary"
        )


def _read_condition_table(draft: Draft, lines: Sequence[str]) -> None:
    """The cells of a flattened "Condition or disease / Intervention/treatment / Phase"
    table: typed interventions ("Other: stem cells"), the phase ("N/A"), the conditions."""
    conditions: list[str] = []
    for line in filter(None, map(clean_item, lines)):
        if any(kind for kind, _ in typed_items(line)):
            draft.add_interventions([line])
        elif phases := phases_of(line):
            draft.put("phases", phases)
        else:
            conditions.append(line)
    draft.add("conditions", conditions)


def read_preamble(draft: Draft, preamble: Sequence[str], *, guess_title: bool) -> None:
    """What a page shows above its first label: a lone status or phase line (a registry's
    badge), and the title when no label gave one (flagged: the heading is a guess)."""
    for raw in (piece for line in preamble for piece in _badges(line)):
        line = clean_item(raw)
        if not line or len(line.split()) > 4:
            continue
        if lookup("study_type", line) and line.isupper():  # a mirror's "INTERVENTIONAL" badge
            draft.put_implied("study_type", lookup("study_type", line), "a line under the title")
        elif lookup("status", line):
            if not is_furniture(line):
                draft.put_status(line)
        elif "hase" in line.lower() and (phases := phases_of(line)) and phases != ("na",):
            draft.put_implied("phases", phases, "a line under the title")
        elif (count := _PARTICIPANTS.match(line)) and not draft.has("enrollment"):
            enrollment = int(count[1].replace(",", ""))
            draft.put_implied("enrollment", enrollment, "a line under the title")
    if draft.has("title") or not guess_title:
        return
    if heading := heading_title(preamble):
        draft.put("title", heading)
        draft.flag("title_guessed", f"no labelled title; the heading '{heading[:60]}' is used")


def _badges(line: str) -> Sequence[str]:
    """A mirror's badges run together ("PHASE1RecruitingINTERVENTIONAL") one by one, when
    every piece is a phase, status or study type; else the line as it is."""
    text = line.strip()
    if not text or " " in text or len(text) > 60:
        return (line,)
    pieces = _BADGE_BOUNDARY.split(text)
    if len(pieces) < 2:
        return (line,)
    known = all(
        phases_of(piece) or lookup("status", piece) or lookup("study_type", piece)
        for piece in pieces
    )
    return pieces if known else (line,)


def _english_tail(value: str) -> str:
    """The English part of "日本語 English" written on one line (UMIN's one-line rendering):
    the ASCII run after the last non-ASCII character and a space; "" if there is none."""
    last = next((i for i in range(len(value) - 1, -1, -1) if not value[i].isascii()), -1)
    tail = value[last + 1 :]
    if last < 0 or not tail[:1].isspace() or not tail.strip()[:1].isalpha():
        return ""
    return tail.strip()


def _english(section: Section) -> Section:
    """A bilingual section's English lines ("日本語 / ... / 英語 / ..."), else all of them;
    a one-line "日本語 English" value keeps its English part."""
    marks = [clean(line).lower() for line in section.lines]
    if not any(mark in _ENGLISH for mark in marks):
        values = [line for line in section.lines if line.strip()]
        if len(values) == 1 and (tail := _english_tail(values[0].strip())):
            return Section(section.key, section.label, section.qualifier, [tail], section.group)
        return section
    kept: list[str] = []
    english = False
    for line, mark in zip(section.lines, marks, strict=True):
        if mark in _ENGLISH or mark in _OTHER_LANGUAGE:
            english = mark in _ENGLISH
        elif english:
            kept.append(line)
    return Section(section.key, section.label, section.qualifier, kept, section.group)

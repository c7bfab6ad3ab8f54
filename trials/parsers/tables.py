"""Row-shaped blocks: arms (flattened tables and blocks), locations and contacts."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import product

from trials.parsers.cleaning import (
    TYPE_PREFIX,
    clean,
    clean_item,
    non_empty,
    strip_marker,
    text_key,
    typed_items,
    unique,
)
from trials.parsers.record import ParsedArm, ParsedContact, ParsedLocation
from trials.vocab.countries import split_at_flag, split_city_country
from trials.vocab.fields import lookup

# -- Arms: flattened "Group Intervention Description" tables ----------------------------------

_ARM_HEADER = re.compile(
    r"^\s*(?:Participant\s+)?(?:Group|Arm)(?:\s*/\s*(?:Arm|Cohort))?\s+"
    r"Interventions?(?:\s*/\s*Treatments?)?\s+Description\s*",
    re.IGNORECASE,
)
_MAX_ROWS_SEARCHED = 13  # 2**12 groupings of table rows at most


def _anchors(table: str, names: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where each intervention name (perhaps typed: "Drug: X") occurs as a whole cell (exact
    case first), in order."""
    for flags in (0, re.IGNORECASE):
        spans: list[tuple[int, int, str]] = []
        taken = bytearray(len(table) + 1)  # characters inside a span found already
        for name in sorted(unique(names), key=len, reverse=True):
            pattern = re.compile(rf"(?<!\w)(?:{TYPE_PREFIX})?{re.escape(clean(name))}(?!\w)", flags)
            for match in pattern.finditer(table):
                start, end = match.span()
                if not any(taken[start:end]):
                    spans.append((start, end, name))
                    taken[start:end] = b"\x01" * (end - start)
        if spans:
            return sorted(spans)
    return []


def _solve_groups(
    gaps: Sequence[str], pattern: Sequence[bool]
) -> tuple[list[str | None], list[str | None], int] | None:
    """Labels and descriptions of row groups for one grouping of the rows, or None.

    ``pattern[i]`` says whether row i+1 starts a new group. Gap 0 is the first label, the
    last gap the last description, and every gap between two intervention cells is
    "description of the row before" + "label of the row after"; rows of one group repeat
    both. Returns (labels, descriptions, number of gaps left unsplit) or None on conflict.
    """
    group = [0]
    for new in pattern:
        group.append(group[-1] + new)
    labels: list[str | None] = [None] * (group[-1] + 1)
    descriptions: list[str | None] = [None] * (group[-1] + 1)
    labels[0], descriptions[-1] = gaps[0], gaps[-1]
    equations = [(gaps[i], group[i - 1], group[i]) for i in range(1, len(gaps) - 1)]
    changed = True
    while changed:
        changed = False
        for gap, d, g in equations:
            description, label = descriptions[d], labels[g]
            if description is not None and label is not None:
                if gap != f"{description} {label}".strip():
                    return None
            elif description is not None:
                if not (gap.startswith(description + " ") or not description):
                    return None
                labels[g], changed = gap[len(description) :].strip(), True
            elif label is not None:
                if not (gap.endswith(" " + label) or gap == label):
                    return None
                descriptions[d], changed = gap[: len(gap) - len(label)].strip(), True
    if any(label == "" for label in labels):
        return None
    unsplit = sum(1 for _, d, g in equations if descriptions[d] is None and labels[g] is None)
    return labels, descriptions, unsplit


def _guess_split(gap: str) -> tuple[str, str]:
    """Description and next label of a gap nothing else explains: split at a sentence end,
    else before the last capitalised word."""
    sentence = list(re.finditer(r"[.!?]\s+(?=[A-Z])", gap))
    if sentence:
        return gap[: sentence[-1].start() + 1], gap[sentence[-1].end() :]
    capital = list(re.finditer(r"(?<=[a-z0-9)])\s+(?=[A-Z])", gap))
    if capital:
        return gap[: capital[-1].start()], gap[capital[-1].end() :]
    return "", gap


def arms_from_table(table: str, names: Sequence[str]) -> tuple[list[ParsedArm], bool]:
    """Arms from a flattened "Group Intervention Description" table, one row per
    (group, intervention) pair, using the known intervention names as anchors.

    Returns (arms, doubtful); ``doubtful`` is True when the rows could not be split in
    exactly one consistent way (a curator should check the arms). When a name also occurs
    inside a description, the reading without that occurrence is tried too.
    """
    table = clean(_ARM_HEADER.sub("", clean(table)))
    anchors = _anchors(table, names)
    if not table or not anchors:
        return [], bool(table)
    best = _grouping(table, anchors)
    tie = False
    if (best is None or best[0] != (0, False)) and len(anchors) <= _MAX_ROWS_SEARCHED:
        # A name met again inside a description: try without each such occurrence, the
        # later ones first (descriptions follow their intervention cell).
        repeated = [a for a in anchors if sum(b[2] == a[2] for b in anchors) > 1]
        for dropped in reversed(repeated):
            other = _grouping(table, [a for a in anchors if a != dropped])
            if other and best and other[0] == best[0]:
                tie = True
            elif other and (best is None or other[0] < best[0]):
                best, tie = other, False
    if best is None:
        return [], True
    (unsplit, ambiguous), arms = best
    return arms, bool(unsplit) or ambiguous or tie


def _grouping(
    table: str, anchors: list[tuple[int, int, str]]
) -> tuple[tuple[int, bool], list[ParsedArm]] | None:
    """The best reading of the table with these anchors: ((unsplit gaps, tie), arms)."""
    gaps = [table[: anchors[0][0]].strip()]
    gaps += [table[a[1] : b[0]].strip() for a, b in zip(anchors, anchors[1:], strict=False)]
    gaps.append(table[anchors[-1][1] :].strip())
    rows = len(anchors)
    if rows > _MAX_ROWS_SEARCHED:
        patterns: Iterable[tuple[bool, ...]] = [(True,) * (rows - 1)]
    else:
        patterns = product((False, True), repeat=rows - 1)
    solutions = []
    for pattern in patterns:
        if solved := _solve_groups(gaps, pattern):
            solutions.append(((solved[2], len(solved[0])), pattern, solved))
    if not solutions:
        return None
    solutions.sort(key=lambda solution: solution[0])
    score, pattern, (labels, descriptions, unsplit) = solutions[0]
    tie = len(solutions) > 1 and solutions[1][0] == score
    group = [0]
    for new in pattern:
        group.append(group[-1] + new)
    for i in range(1, rows):
        if descriptions[group[i - 1]] is None and labels[group[i]] is None:
            descriptions[group[i - 1]], labels[group[i]] = _guess_split(gaps[i])
    arms: dict[int, ParsedArm] = {}
    for row, (_start, _end, name) in enumerate(anchors):
        g = group[row]
        arm = arms.get(g) or ParsedArm(labels[g] or "", description=descriptions[g] or "")
        arms[g] = replace(arm, interventions=unique((*arm.interventions, name)))
    return (unsplit, tie), [arm for arm in arms.values() if arm.label]


# -- Locations and contacts -------------------------------------------------------------------

_INSTITUTION = re.compile(
    r"hospital|universit|institut|clinic|cent(?:er|re)|ospedale|h[oô]pital|klinik|foundation"
    r"|fondazione|medical|research|college|school|department|faculty|laborator",
    re.IGNORECASE,
)
_LOCATION_NOISE = re.compile(
    r"^(?:locations?\s*(?:\(\d+\))?|\d+|loading\.*|show (?:more|less)|see all.*|recruiting"
    r"|not yet recruiting|completed|active, not recruiting|withdrawn|terminated|site)$",
    re.IGNORECASE,
)


def location_of(line: str, facility: str = "") -> ParsedLocation | None:
    """A site from "Minsk, Belarus", "🇧🇾Minsk, Belarus", "Institute X🇧🇾Minsk, Belarus" or
    "Hospital Clinic, Barcelona, Spain"; None when the line names no country."""
    before, flag, _after = split_at_flag(line)
    if flag:
        facility = clean(before) or facility
    parsed = split_city_country(line if not flag else line[len(before) :])
    if parsed is None:
        return None
    city, country = parsed
    parts = [part.strip() for part in line.split(",")]
    if not flag and not facility and len(parts) >= 3 and _INSTITUTION.search(parts[0]):
        facility, city = parts[0], parts[1]
    return ParsedLocation(clean(facility), clean(city), country)


def locations_of(lines: Sequence[str]) -> list[ParsedLocation]:
    """Sites from a locations block: facility lines each followed by a "City, Country" line
    (or both on one line); a site listed twice is kept once."""
    found: list[ParsedLocation] = []
    pending = ""
    for raw in lines:
        line = clean(strip_marker(raw))
        if not line or _LOCATION_NOISE.match(line):
            continue
        location = location_of(line, pending)
        if location is None:
            pending = line
            continue
        found.append(location)
        pending = ""
    return list(unique(found, key=location_key))


def location_key(location: ParsedLocation) -> tuple[str, str, str]:
    return text_key(location.facility), text_key(location.city), location.country


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b)\d[\d ().-]{6,}\d(?:\s*(?:ext\.?|x)\s*\d+)?")
_CONTACT_NOISE = re.compile(
    r"^(?:contact(?:s)?|e-?mail|phone|telephone|tel|loading\.*|show (?:more|less)|\d+"
    r"|central (?:trial )?contacts?|study contact(?: backup)?)\s*:?$"
    r"|^(?:address|affiliation|zip(?: code)?|postal code|city|country|fax|department"
    r"|organi[sz]ation|position)\s*:",
    re.IGNORECASE,
)
_CONTACT_LABEL = re.compile(
    r"^(?:contact(?: person)?|name|e-?mail(?: address)?|(?:tele)?phone(?: number)?|tel|mobile"
    r"|fax)\s*:\s*",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r",?\s*\b(principal investigator|study director|study chair|sub-?investigator"
    r"|scientific contact|public contact|study contact(?: backup)?)\b\s*$",
    re.IGNORECASE,
)


def contacts_of(lines: Sequence[str]) -> list[ParsedContact]:
    """Contacts from a contact block: a name line, then its e-mail / phone lines."""
    contacts: list[ParsedContact] = []
    for raw in lines:
        line = clean(strip_marker(raw))
        if not line or _CONTACT_NOISE.match(line):
            continue
        email = _EMAIL.search(line)
        phone = _PHONE.search(_EMAIL.sub(" ", line))
        name = clean(_PHONE.sub(" ", _EMAIL.sub(" ", _CONTACT_LABEL.sub("", line))))
        name = name.strip(" ,;:")
        if (email or phone) and contacts and (not name or len(name) < 3):
            last = contacts[-1]
            contacts[-1] = replace(
                last,
                email=last.email or (email.group(0) if email else ""),
                phone=last.phone or (phone.group(0).strip() if phone else ""),
            )
            continue
        if not name or len(name.split()) > 10:
            continue
        role = _ROLE.search(name)
        contacts.append(
            ParsedContact(
                name=_ROLE.sub("", name).strip(" ,") or name,
                role=role.group(1) if role else "",
                email=email.group(0) if email else "",
                phone=phone.group(0).strip() if phone else "",
            )
        )
    return contacts


# -- Arms listed as blocks --------------------------------------------------------------------

_ARM_TYPE_LINE = re.compile(
    r"^(?P<type>Experimental|Active Comparator|Placebo Comparator|Sham Comparator"
    r"|No Intervention|Other)(?:\s+(?:group|arm))?\s*(?::\s*(?P<label>.*))?$",
    re.IGNORECASE,
)
_DESCRIPTION_MARK = re.compile(r"^Description\s*:?\s*", re.IGNORECASE)
_TREATMENT_MARK = re.compile(r"^(?:Treatments?|Interventions?)\s*:?\s*$", re.IGNORECASE)


def arms_from_blocks(lines: Sequence[str], names: Sequence[str]) -> list[ParsedArm]:
    """Arms listed one block each: "Experimental: Label" (ClinicalTrials.gov) or a label line
    followed by "Experimental group" (Veeva), then "Description:" lines and "Treatment:"
    lines of typed interventions ("Biological: X")."""
    known = {text_key(name): name for name in names}
    rows = non_empty(lines)
    arms: list[ParsedArm] = []
    description: list[str] = []

    def close() -> None:
        if arms and description:
            arms[-1] = replace(arms[-1], description=clean(" ".join(description)))
        description.clear()

    for index, line in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else ""
        typed = _ARM_TYPE_LINE.match(line)
        next_typed = _ARM_TYPE_LINE.match(following)
        other_is_intervention = (
            typed and typed["type"].lower() == "other" and text_key(typed["label"] or "") in known
        )
        if typed and typed["label"] and not other_is_intervention:
            close()
            arms.append(ParsedArm(clean_item(typed["label"]), lookup("arm_type", typed["type"])))
        elif not typed and (
            (next_typed and not next_typed["label"]) or _DESCRIPTION_MARK.fullmatch(following)
        ):
            close()
            arm_type = lookup("arm_type", next_typed["type"]) if next_typed else None
            arms.append(ParsedArm(clean_item(line), arm_type))
        elif not arms or (typed and not other_is_intervention) or _TREATMENT_MARK.match(line):
            continue  # before the first arm, an "Experimental group" line, "Treatment:"
        elif items := [(kind, name) for kind, name in typed_items(line) if kind]:
            found = [known.get(text_key(name), name) for _, name in items]
            arms[-1] = replace(arms[-1], interventions=unique((*arms[-1].interventions, *found)))
        elif text_key(clean_item(line)) in known:
            name = known[text_key(clean_item(line))]
            arms[-1] = replace(arms[-1], interventions=unique((*arms[-1].interventions, name)))
        elif text := _DESCRIPTION_MARK.sub("", line):
            description.append(text)
    close()
    return arms

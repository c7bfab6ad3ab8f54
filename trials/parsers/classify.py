"""The regenerative-medicine classification of a parsed trial (the record's ``regen``).

``classify`` is a pure function of a ``ParsedTrial``: it reads the title, acronym,
interventions, arms, brief summary and detailed description, and the conditions (as what is
treated, never as what is given). The vocabulary is data in ``trials.vocab.regen``; its wordings
are compiled here once, at import.

Rules, in short:

- Text is compared as a match key (see ``match_key``): every look-alike Cyrillic/Greek letter
  folded, accents stripped, case folded, hyphens and slashes made spaces, each Chinese or
  Japanese letter a word of its own. Wordings match whole words only, the longest wording at
  a position wins, and ``FALSE_FRIENDS`` are skipped ("fibroblast growth factor" names no
  fibroblasts, "intravenous immunoglobulin" is no route of the cells).
- A match right after a negation ("without MSCs", "non-autologous", "prior stem cell
  therapy") or answered "No" on a form ("Tissue Engineered Product No") does not count, and
  eligibility-criteria blocks are left out: they name treatments that are not the trial's.
- Cells named as what is measured or protected ("Treg frequency", "circulating EPCs") are
  not given. A transplant named as the trial's setting ("GVHD after allogeneic HSCT") gives
  neither product, cell type nor donor; loose transplant wordings ("stem cell
  transplantation") are haematopoietic only in a blood-disease or conditioning context.
- Products no list names still count: INN endings ("-cel", "-strocel", "-cabtagene") and
  "cells" in an intervention's own name. When cells are given but no cell type matches,
  ``classify_with_flags`` keeps the classification and raises a review flag naming the
  product's wording.
- Placebo, sham and no-intervention arms count for routes only.
- A "title" longer than ``LONG_TITLE`` (a paragraph taken for one) keeps its first sentence
  as the title; the rest counts as a summary.
- The headline texts (title, acronym, interventions, arms, brief summary) decide. The detailed
  description, which often tells the background ("MSCs act through exosomes", "MSCs can be
  isolated from bone marrow, fat or cord"), fills a facet only when they leave it empty; to
  named products it can add only how their cells are prepared (tissue-engineered,
  gene-modified).
- cell_therapy needs cells given as cells: "MSC-derived exosomes" names MSCs (a cell type) but
  is an EV product; "MSCs differentiate into chondrocytes" gives no chondrocytes. Contextual
  product wordings (scaffold, transduced...) count only in a sentence that gives cells.
- Source tissues that are as often treated as given (bone marrow, liver, skin...) count only
  next to a source word; the conditions' wordings are blanked out before tissues and routes
  are looked for.
- Routes: specific ones win over generic ones ("infusion", "implanted"), and a narrower route
  over looser wordings of the same injection (``NARROWER_ROUTES``); a Roman numeral route
  ("IV") is a number after "stage", "grade"... or beside another numeral.
- Donor: the interventions and arms decide; if they say nothing, the title; then the brief
  summary; then the detailed description. "both" when the interventions and arms (or the
  title, "Autologous Versus Allogeneic ...") name each kind; two kinds in a summary or
  description are more often a comparison with other work and give no donor at all, unless
  one is named ``MOSTLY_NAMED`` times as often (and at least that many times).
- Without any product type the trial is not a regenerative one and the classification is empty:
  "intravenous" in a plain drug trial says nothing.
"""

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from trials.parsers.record import Classification, ParsedTrial, ReviewFlag
from trials.text import LOOKALIKES, search_key
from trials.vocab.regen import (
    CELL_NAME_ENDINGS,
    CELL_TYPES,
    CULTURE_WORDS,
    DERIVATIVE_WORDS,
    DIFFERENTIATION_WORDS,
    DONORS,
    FALSE_FRIENDS,
    HAEMATOPOIETIC_CONTEXT,
    MEASURED_AFTER,
    MEASURED_BEFORE,
    NARROWER_ROUTES,
    NEGATIONS,
    NOT_GIVEN_AFTER_CELLS,
    NOT_GIVEN_CELLS,
    NUMBERING_WORDS,
    PRODUCT_TYPES,
    ROUTES,
    SETTING_AFTER,
    SETTING_WORDS,
    SOURCE_AFTER,
    SOURCE_BEFORE,
    SOURCE_CELL_TYPES,
    SOURCE_LINKS,
    SOURCE_QUALIFIERS,
    SOURCE_TISSUES,
    Term,
)

__all__ = ["UNMATCHED_CELL_PRODUCT", "classify", "classify_with_flags", "match_key"]

CELL_THERAPY = "cell_therapy"
GENE_MODIFIED = "gene_modified_cells"
DERIVATIVES = frozenset({"extracellular_vesicles", "cell_free_derivative"})
# What the detailed description may add to the products the headline texts name: how their
# cells are prepared. Other products it names are mostly background ("MSCs act through
# exosomes").
PREPARATIONS = frozenset({"tissue_engineered", "gene_modified_cells"})
CONTROL_ARMS = frozenset({"placebo_comparator", "sham_comparator", "no_intervention"})

# ---------------------------------------------------------------------------------------------
# Match keys

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# "HepaStem" is two words; a capital ending a word is none ("AllogeneiC", "IntravenoUS":
# titles that capitalise the letters of their acronym).
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])(?!(?<=[a-z]{4})[A-Z]{1,2}\b)")
_POSSESSIVE = re.compile(r"(?<=\w)'(?=s\b)|(?<=s)'")
_SEPARATORS = re.compile(r"['\-\u2010-\u2015\u2212/\\_|]+")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_SPACES = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\r\n?|\n")
_LINE_MARK = " }{ "  # printable ASCII that no wording holds (keeps search_key's fast path)
_AROUND_LINE_MARK = re.compile(r" ?\}\{ ?")

# Chinese and Japanese letters (kana, CJK ideographs): written without spaces between words.
_CJK_LETTER = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_CJK = re.compile(f"({_CJK_LETTER})")
_CJK_SPACE = re.compile(rf"(?<={_CJK_LETTER}) (?={_CJK_LETTER})")  # undoes match_key's spacing


def match_key(text: str) -> str:
    """Text as the classifier compares it.

    Unlike ``search_key``, every look-alike letter is folded, also a lone one ("Т cells" with a
    Cyrillic Т); no wording is Cyrillic or Greek, so real Cyrillic text loses nothing that could
    match. Words run together by a lost line break ("cellsOther") are split at the capital,
    possessives lose their apostrophe ("Wharton's" -> "whartons"), and hyphens, slashes and
    other apostrophes become spaces. Chinese and Japanese letters, which have no spaces between
    words, become one word each ("同種iPS細胞" -> "同 種 i ps 細 胞"), so that whole-word
    matching finds wordings inside them. Line breaks are kept.
    """
    if text.isascii():  # the common case: no look-alike letters, one kind of apostrophe less
        text = text.replace("`", "'")
    else:
        text = text.translate(LOOKALIKES).translate(_APOSTROPHES)
    text = _POSSESSIVE.sub("", _CAMEL.sub(" ", text))
    if "\n" not in text and "\r" not in text:
        return _RUNS_OF_SPACES.sub(" ", _SEPARATORS.sub(" ", search_key(_CJK.sub(r" \1 ", text))))
    # As search_key does, line by line (it makes line breaks spaces): a line break becomes a
    # printable stand-in for the normalisation and is put back after it.
    text = _LINE_BREAKS.sub(_LINE_MARK, _CJK.sub(r" \1 ", text) if not text.isascii() else text)
    key = _SEPARATORS.sub(" ", search_key(text))
    return _AROUND_LINE_MARK.sub("\n", _RUNS_OF_SPACES.sub(" ", key)).strip()


@dataclass
class _Node:
    """A node of a phrase trie: the letters that may follow, and whether a phrase ends here."""

    children: dict[str, "_Node"] = field(default_factory=dict)
    spaced: set[str] = field(default_factory=set)  # letters that a space may precede
    end: str = ""  # the last letter of the phrase that ends here, if any


def _words(phrases: Iterable[str]) -> str:
    """A regex matching any of ``phrases`` as whole words.

    Spaces between words are optional ("T reg" = "Treg"), a final "s" is optional after a
    letter, a final dot is optional ("i.v" = "i.v."). The phrases form a trie whose branches
    start with different letters, longer continuations tried first: a position costs one test
    per letter instead of one per phrase, and the longest phrase at a position wins.
    """
    root = _Node()
    for phrase in phrases:
        key = match_key(phrase).strip()
        for variant in {key, key.rstrip(".")}:
            node, spaced = root, False
            for char in variant:
                if char == " ":
                    spaced = True
                    continue
                if spaced:
                    node.spaced.add(char)
                node, spaced = node.children.setdefault(char, _Node()), False
            node.end = variant[-1]
    return r"(?<!\w)" + _trie(root)


def _trie(node: _Node) -> str:
    branches = [
        (r"\s?" if char in node.spaced else "") + re.escape(char) + _trie(child)
        for char, child in sorted(node.children.items())
    ]
    if node.end:  # a phrase ends here, tried after the longer ones
        last = node.end
        branches.append(r"s?(?!\w)" if last.isalpha() else r"(?!\w)" if last.isalnum() else "")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _compact(key: str) -> str:
    """A found phrase without the spaces and final dot the match may or may not have had."""
    return _SPACES.sub("", key).rstrip(".")


# ---------------------------------------------------------------------------------------------
# Context rules

_WORD = r"[\w+]+\s"
_NEGATED = re.compile(rf"(?<!with or )(?:{_words(NEGATIONS)})(?!\sto\s)\s(?:{_WORD}){{0,2}}$")
# A form's field answered "No": "Somatic cell therapy medicinal product: No" (EU registers).
_ANSWERED_NO = re.compile(
    r"(?:\s(?:medicinal|medical|product|products|imp|atimp|use|\(atimp\)|\(imp\)))*"
    r"\s?[:?]?\s?(?:no|non|nein)[ .]*(?:\n|$)"
)
_DERIVATIVE_AFTER = re.compile(
    r"\s?(?:(?:derived|secreted|released|produced|isolated|based)\s)?(?:small\s)?"
    + _words(DERIVATIVE_WORDS)
)
_DERIVATIVE_BEFORE = re.compile(
    rf"(?:{_words(DERIVATIVE_WORDS)})\s(?:{_WORD}){{0,2}}(?:from|of|by)\s(?:{_WORD}){{0,4}}$"
)
_CULTURE_BEFORE = re.compile(
    rf"(?:{_words(CULTURE_WORDS)})\s(?:in|with|using)\s(?:{_WORD}){{0,3}}$"
)
_CULTURE_AFTER = re.compile(r"\s?" + _words(CULTURE_WORDS))
_DIFFERENTIATION = re.compile(
    rf"(?:{_words(DIFFERENTIATION_WORDS)})\s(?:into|to|towards?)\s(?:[\w+,]+\s){{0,4}}$"
)
_MEASURED_AFTER = re.compile(r"\s?" + _words(MEASURED_AFTER))
_MEASURED_BEFORE = re.compile(rf"(?:{_words(MEASURED_BEFORE)})\s(?:{_WORD}){{0,2}}$")
_SOURCE_AFTER = re.compile(r"\s?" + _words(SOURCE_AFTER))
_SOURCE_BEFORE = re.compile(
    rf"(?:{_words(SOURCE_BEFORE)})\s(?:{_WORD}){{0,2}}(?:{_words(SOURCE_LINKS)})\s"
    rf"(?:(?:{_words(SOURCE_QUALIFIERS)})\s)*$"
)
_ROMAN = r"(?<!\w)(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})(?!\w)"
_ROMAN_WORD = re.compile(_ROMAN)
_NUMBER_BEFORE = re.compile(
    rf"(?:{_words(NUMBERING_WORDS)}|{_ROMAN}),?\s(?:(?:or|and|to|through|vs)\s)?$"
)
# "IV)", "III or IV", and "IV型" / "IV期" / "IV度" (Chinese and Japanese type, stage, grade)
_NUMBER_AFTER = re.compile(rf"\s?(?:\)|[型期度相級级]|(?:(?:or|and|to)\s)?{_ROMAN})")
_SETTING = re.compile(rf"(?:{_words(SETTING_WORDS)})\s(?:{_WORD}){{0,2}}$")
_SETTING_AFTER = re.compile(r"\s?" + _words(SETTING_AFTER))
_WORDS_BEFORE = re.compile(r"(?:[^\s.;:,()]+ ){0,4}$")
_HAEMATOPOIETIC = re.compile(_words(HAEMATOPOIETIC_CONTEXT))
_SENTENCE_END = re.compile(r"[.!?;:](?:\s|$)|\u3002|\n\s*\n")  # a blank line too


# ---------------------------------------------------------------------------------------------
# Facets


@dataclass(frozen=True)
class _Hit:
    term: str
    contextual: bool
    start: int
    end: int
    text: str


class _Facet:
    """One facet's wordings (and the false friends) compiled into a single regex."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        phrases = [
            *((p, (t.term, False)) for t in terms for p in t.synonyms),
            *((p, (t.term, True)) for t in terms for p in t.contextual),
            *((p, (None, False)) for p in FALSE_FRIENDS),
        ]
        senses: dict[str, list[tuple[str | None, bool]]] = {}
        for phrase, sense in phrases:
            found = senses.setdefault(_compact(match_key(phrase)), [])
            if sense not in found:
                found.append(sense)
        self.senses = {key: tuple(value) for key, value in senses.items()}
        self.pattern = re.compile(_words(phrase for phrase, _ in phrases))

    def hits(self, text: str) -> Iterator[_Hit]:
        """Matches that count: false friends and negated matches left out."""
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if _NEGATED.search(text, max(0, start - 60), start) or _ANSWERED_NO.match(text, end):
                continue
            found = _compact(match.group())
            senses = self.senses.get(found) or self.senses[found[:-1]]  # final s optional
            for term, contextual in senses:
                if term is not None:
                    yield _Hit(term, contextual, start, end, match.group())


_PRODUCTS = _Facet(PRODUCT_TYPES)
# An ending is looked for as such (a fast literal search), then the letters before it counted.
_NAME_ENDINGS = [
    (re.compile(rf"(?<=[a-z]){re.escape(ending)}(?!\w)"), least, product, cell)
    for ending, least, product, cell in CELL_NAME_ENDINGS
]
_LETTERS_BEFORE = re.compile(r"[a-z]+$")
# "cells" in an intervention's name: cells given, unless a word before says otherwise.
_CELLS_WORD = re.compile(r"(?<!\w)cells?(?!\w)")
_NOT_GIVEN_BEFORE = re.compile(rf"(?:{_words(NOT_GIVEN_CELLS)})\s?$")
_NOT_GIVEN_AFTER = re.compile(r"\s?" + _words(NOT_GIVEN_AFTER_CELLS))
_CELLS = _Facet(CELL_TYPES)
_TISSUES = _Facet(SOURCE_TISSUES)
_DONORS = _Facet(DONORS)
_ROUTES = _Facet(ROUTES)


def _is_number(text: str, hit: _Hit) -> bool:
    """A Roman numeral used as a number: "stage IV", "grades III-IV", "(iv)"."""
    return bool(
        _ROMAN_WORD.fullmatch(hit.text)
        and (
            _NUMBER_BEFORE.search(text, max(0, hit.start - 40), hit.start)
            or _NUMBER_AFTER.match(text, hit.end)
        )
    )


def _is_derivative(text: str, hit: _Hit) -> bool:
    """Cells named as the source of vesicles, secretome, conditioned medium or lysate."""
    return bool(
        _DERIVATIVE_AFTER.match(text, hit.end)
        or _DERIVATIVE_BEFORE.search(text, max(0, hit.start - 120), hit.start)
    )


def _is_differentiation(text: str, hit: _Hit) -> bool:
    """Cells named as what other cells become: "MSCs differentiate into chondrocytes"."""
    return bool(_DIFFERENTIATION.search(text, max(0, hit.start - 120), hit.start))


def _is_measured(text: str, hit: _Hit) -> bool:
    """Cells named as what is measured or protected: "circulating EPCs", "Treg frequency"."""
    return bool(
        _MEASURED_AFTER.match(text, hit.end)
        or _MEASURED_BEFORE.search(text, max(0, hit.start - 80), hit.start)
    )


def _is_culture(text: str, hit: _Hit) -> bool:
    """Vesicles, secretome or lysate named as what cells were grown in."""
    return bool(
        _CULTURE_AFTER.match(text, hit.end)
        or _CULTURE_BEFORE.search(text, max(0, hit.start - 80), hit.start)
    )


def _setting_start(text: str, hit: _Hit) -> int | None:
    """Where a transplant named as the trial's setting starts: "[after allogeneic HSCT]",
    "[异体造血干细胞移植后]" (with the few words before it)."""
    setting = _SETTING.search(text, max(0, hit.start - 60), hit.start)
    if setting:
        return setting.start()
    if _SETTING_AFTER.match(text, hit.end):
        before = _WORDS_BEFORE.search(text, max(0, hit.start - 40), hit.start)
        return before.start() if before else hit.start
    return None


def _named_as_source(text: str, hit: _Hit) -> bool:
    """A match after a source word and link: "MSCs expanded from [a bone marrow aspirate]"."""
    return bool(_SOURCE_BEFORE.search(text, max(0, hit.start - 120), hit.start))


def _is_source(text: str, hit: _Hit) -> bool:
    """A tissue named as where cells come from: "bone marrow-derived", "cells from fat"."""
    return bool(
        _SOURCE_AFTER.match(text, hit.end)
        or _SOURCE_BEFORE.search(text, max(0, hit.start - 120), hit.start)
    )


# ---------------------------------------------------------------------------------------------
# The texts of a trial

UNIT, TITLE, SUMMARY, DESCRIPTION = range(4)  # where a text comes from, most specific first


@dataclass(frozen=True)
class _Text:
    key: str  # match key
    treated: str  # match key with the conditions blanked out (for tissues and routes)
    origin: int  # UNIT, TITLE, SUMMARY or DESCRIPTION
    control: bool  # a placebo, sham or no-intervention arm
    cells: tuple[_Hit, ...]  # cell-type matches in ``key``
    settings: tuple[tuple[int, int], ...]  # spans of ``key`` naming the trial's setting
    name: str = ""  # an intervention's or arm's own name, as written


def _texts(parsed: ParsedTrial) -> list[_Text]:
    title, told = _title_and_rest(parsed.title)
    raw: list[tuple[str, int, bool, str]] = [
        (f"{title}.\n{parsed.acronym}", TITLE, False, ""),
        (parsed.official_title, TITLE, False, ""),  # registries' scientific title
        *((f"{i.name}.\n{i.description}", UNIT, False, i.name) for i in parsed.interventions),
        *(
            (f"{a.label}.\n{a.description}", UNIT, a.type in CONTROL_ARMS, a.label)
            for a in parsed.arms
        ),
        (f"{told}\n\n{parsed.brief_summary}", SUMMARY, False, ""),
        (parsed.detailed_description, DESCRIPTION, False, ""),
    ]
    conditions = _conditions(parsed.conditions)
    texts = []
    for text, origin, control, name in raw:
        key = match_key(_without_criteria(text))
        if key.strip(" .\n"):
            treated = conditions.sub(" | ", key) if conditions else key
            cells = tuple(
                h
                for h in _CELLS.hits(key)
                if not _is_differentiation(key, h)
                and not _is_measured(key, h)
                and not (h.term in SOURCE_CELL_TYPES and _named_as_source(key, h))
            )
            settings = tuple(
                (start, hit.end)
                for hit in cells
                if hit.contextual and (start := _setting_start(key, hit)) is not None
            )
            texts.append(_Text(key, treated, origin, control, cells, settings, name.strip()))
    return texts


# A title longer than this holds more than the title (a parser took a paragraph for it).
LONG_TITLE = 250
_TITLE_END = re.compile(  # not after an abbreviation: "Autologous vs. Allogeneic ..."
    r"(?i:(?<!\bvs)(?<!\bv)(?<!\bno)(?<!\bal)(?<!\bdr)(?<!\bst)(?<!\be\.g)(?<!\bi\.e))"
    r"[.!?](?=\s+[^a-z\s])|\u3002"
)


def _title_and_rest(title: str) -> tuple[str, str]:
    """A long "title" split into its first sentence and the rest, which counts as a summary:
    a paragraph taken for a title must not make its background ("existing treatments use
    autologous cells") a headline."""
    if len(title) <= LONG_TITLE:
        return title, ""
    end = _TITLE_END.search(title)
    return (title[: end.end()], title[end.end() :]) if end else (title, "")


# Eligibility criteria name treatments that are not the trial's own ("prior stem cell
# therapy", "candidates for autologous transplantation"): a block of them, from its heading
# to the next heading of another section, is left out.
_SECTION_NUMBER = r"(?:[A-Z]\.[\d.]*\s+)?"  # "E.3 Principal inclusion criteria" (EU registers)
_CRITERIA_HEADING = re.compile(
    rf"^[\W\d]*{_SECTION_NUMBER}(?:key\s+|main\s+|major\s+|principal\s+|participant\s+)?"
    r"(?:(?:inclusion|exclusion|eligibility|selection)\s+criteri|criteria\s+for\s+(?:inclusion|"
    r"exclusion|eligibility)|(?:inclusion|exclusion)s?\s*[:/]|eligibility\s*:|(?:ein|aus)"
    r"schlusskriterien|criteri\s+di\s+(?:inclusione|esclusione)|crit[eé]rios?\s+de\s+(?:inclusi|"
    r"exclusi)|crit[eè]res\s+d.(?:inclusion|exclusion|éligibilité)|[^\n]{0,4}?(?:纳入标准|排除标准|"
    r"入选标准|選択基準|除外基準|適格基準))",
    re.IGNORECASE | re.MULTILINE,
)
# A heading: a short line without a bullet, a number or a final full stop.
_SECTION_HEADING = re.compile(
    rf"^\s*(?:#{{1,4}}\s*)?{_SECTION_NUMBER}(?:primary|secondary|outcome|intervention|arm|arms|"
    r"treatment|sponsor|contact|location|site|sites|study\s+design|design|condition|phase|status|"
    r"enrol|recruit|summary|brief\s+summary|description|detailed\s+description|official\s+title|"
    r"title|result|publication|reference|ethic|funding|countr|date|study\s+start|start\s+date|"
    r"sample\s+size|target|collaborator|investigator|more\s+information|study\s+plan|"
    r"study\s+type|purpose|objective|method|background|intervention\s+type|product|route|dose|"
    r"administration|procedure|follow|statistical|trial\s+registration|registration|end\s+point|"
    r"主要|次要|干预|干預|研究設計|研究设计|介入|主たる|副次)[^\n]{0,60}(?<!\.)$",
    re.IGNORECASE,
)


def _without_criteria(text: str) -> str:
    if not _CRITERIA_HEADING.search(text):
        return text
    kept, inside = [], False
    for line in text.split("\n"):
        if _CRITERIA_HEADING.match(line):
            inside = True
        elif inside and _SECTION_HEADING.match(line) and not _CRITERIA_HEADING.match(line):
            inside = False
        if not inside:
            kept.append(line)
    return "\n".join(kept)


# A trial names a handful of conditions; past this many the list is a misread table, and
# each blanked wording costs time on every text of the trial.
_BLANKED_CONDITIONS = 100


def _conditions(conditions: tuple[str, ...]) -> re.Pattern[str] | None:
    """The conditions' wordings: what is treated is not where cells come from or go."""
    keys = {match_key(c).strip(" .,;") for c in conditions[:_BLANKED_CONDITIONS]}
    keys = {k for k in keys if len(k) >= 4}
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


# ---------------------------------------------------------------------------------------------
# The facets


@dataclass
class _Found:
    """What one group of texts gives: products, cell types, and what a review flag needs."""

    products: set[str] = field(default_factory=set)
    cells: set[str] = field(default_factory=set)
    loose: set[str] = field(default_factory=set)  # cell types of loose transplant wordings
    product_text: str = ""  # the wording that names the first cell product


def _named_products(text: _Text) -> tuple[list[_Hit], list[_Hit]]:
    """Product and cell-type matches of names no list holds: INN endings ("lomecel-B"),
    and "cells" in an intervention's own name ("CT1195E cells")."""
    products, cells = [], []
    for pattern, least, product, cell in _NAME_ENDINGS:
        for match in pattern.finditer(text.key):
            letters = _LETTERS_BEFORE.search(text.key, max(0, match.start() - 40), match.start())
            if (
                not letters
                or len(letters.group()) < least
                or letters.start()
                and (text.key[letters.start() - 1].isalnum())
            ):
                continue
            start, end = letters.start(), match.end()
            if not _NEGATED.search(text.key, max(0, start - 60), start):
                products.append(_Hit(product, False, start, end, match.group()))
                if cell:
                    cells.append(_Hit(cell, False, start, end, match.group()))
    if text.origin == UNIT:
        name_end = text.key.find("\n")
        name_end = len(text.key) if name_end < 0 else name_end
        for match in _CELLS_WORD.finditer(text.key, 0, name_end):
            before = max(0, match.start() - 60)
            if not (
                _NOT_GIVEN_BEFORE.search(text.key, before, match.start())
                or _NOT_GIVEN_AFTER.match(text.key, match.end())
                or _NEGATED.search(text.key, before, match.start())
            ):
                products.append(_Hit(CELL_THERAPY, False, *match.span(), match.group()))
                break
    return products, cells


def _products_and_cells(texts: list[_Text]) -> _Found:
    found = _Found()
    for text in (t for t in texts if not t.control):
        starts = _sentence_starts(text.key)
        named_products, named_cells = _named_products(text)
        # "after allogeneic stem cell transplantation": the setting, not the product
        product_hits = [
            h
            for h in (*_PRODUCTS.hits(text.key), *named_products)
            if not _inside(h, text.settings)
            and not (h.term == CELL_THERAPY and _is_measured(text.key, h))
        ]
        cell_hits = [h for h in (*text.cells, *named_cells) if not _inside(h, text.settings)]
        found.loose.update(h.term for h in cell_hits if h.contextual)
        cell_hits = [h for h in cell_hits if not h.contextual]
        found.cells.update(h.term for h in cell_hits)
        with_cells = set()  # sentences that give cells
        for hit in (*cell_hits, *(h for h in product_hits if h.term == CELL_THERAPY)):
            if not _is_derivative(text.key, hit):
                found.products.add(CELL_THERAPY)
                with_cells.add(bisect_right(starts, hit.start))
                found.product_text = found.product_text or _product_text(text, hit)
        for hit in product_hits:
            if hit.term == CELL_THERAPY:
                continue
            if hit.contextual and bisect_right(starts, hit.start) not in with_cells:
                continue
            if hit.term in DERIVATIVES and _is_culture(text.key, hit):
                continue
            found.products.add(hit.term)
            if hit.term == GENE_MODIFIED:
                found.product_text = found.product_text or _product_text(text, hit)
    if GENE_MODIFIED in found.products:
        found.products.add(CELL_THERAPY)
    return found


def _inside(hit: _Hit, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= hit.start < end for start, end in spans)


_FUNCTION_WORDS = (
    "the|a|an|of|in|for|with|whether|and|or|to|are|is|be|will|were|was|by|on|at|from|that|"
    "this|these|their|his|her|your|our|its|using|use|receive|received|given|versus|vs"
)
_PRODUCT_WORDS = re.compile(rf"(?:(?!(?:{_FUNCTION_WORDS}) )[^\s.;:,()\[\]|]+ ){{0,4}}$")
_PRODUCT_NOUNS = re.compile(
    r"(?: (?:therapy|therapies|transplantation|transplant|injection|infusion|sheet|sheets|"
    r"product|implantation|treatment|suspension|preparation|graft|cell|cells)){0,2}"
)


def _product_text(text: _Text, hit: _Hit) -> str:
    """How a text names a cell product, for a curator: an intervention's own name, or the
    words around the wording found ("ct1195e cells")."""
    if text.name and len(text.name) <= 120:
        return text.name
    line_start = text.key.rfind("\n", 0, hit.start) + 1
    before = _PRODUCT_WORDS.search(text.key, line_start, hit.start)
    start = before.start() if before else hit.start
    end = _PRODUCT_NOUNS.match(text.key, hit.end).end()
    return _CJK_SPACE.sub("", text.key[start:end].strip())[:120]


def _tissues(texts: list[_Text]) -> set[str]:
    return {
        hit.term
        for text in texts
        if not text.control
        for hit in _TISSUES.hits(text.treated)
        if not hit.contextual or _is_source(text.treated, hit)
    }


# "into the jaw joint", "into both knee joints": intra-articular, whichever joint is named;
# "into the thoracic spinal cord": intramedullary, whichever part of the cord.
_INTO = r"\binto (?:the |a |an |each |both |one |their |his |her )?(?:[a-z]+ ){0,2}"
_INTO_AN_ORGAN = (
    (re.compile(_INTO + r"joints?\b"), "intra-articular"),
    (re.compile(_INTO + r"spinal cord\b"), "intramedullary"),
)
# One-word route wordings long enough that one slip of a letter still names them.
MISSPELLING_MIN_LENGTH = 9


def _deletions(word: str) -> set[str]:
    """The word and every word one letter shorter: two words one typing slip apart (a letter
    missing, extra, changed or two swapped) share one of these."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


_ROUTE_WORDS = {
    word: term.term
    for term in ROUTES
    for phrase in term.synonyms
    if " " not in (word := match_key(phrase)) and len(word) >= MISSPELLING_MIN_LENGTH
}
_ROUTE_SLIPS: dict[str, str] = {}
for _word, _term in _ROUTE_WORDS.items():
    for _variant in _deletions(_word):
        _ROUTE_SLIPS.setdefault(_variant, _term)
_LONG_WORD = re.compile(rf"\b[a-z]{{{MISSPELLING_MIN_LENGTH - 1},}}\b")


# A word one slip from a route word is at most one letter longer or shorter than it.
_SLIP_LENGTHS = {len(word) + change for word in _ROUTE_WORDS for change in (-1, 0, 1)}


@functools.lru_cache(maxsize=8192)  # a document's long words are mostly everyday words
def _misspelt_route(word: str) -> str | None:
    if len(word) not in _SLIP_LENGTHS or word in _ROUTE_WORDS:
        return None
    terms = {_ROUTE_SLIPS[v] for v in _deletions(word) if v in _ROUTE_SLIPS}
    return terms.pop() if len(terms) == 1 else None


def misspelt_routes(key: str) -> dict[str, str]:
    """Routes named by a misspelt word of a match key ("intrvenously"): word -> route."""
    found = {}
    for word in set(_LONG_WORD.findall(key)):
        if route := _misspelt_route(word):
            found[word] = route
    return found


def _routes(texts: list[_Text]) -> set[str]:
    specific: set[str] = set()
    generic: set[str] = set()
    for text in texts:
        for hit in _ROUTES.hits(text.treated):
            if not _is_number(text.treated, hit):
                (generic if hit.contextual else specific).add(hit.term)
        specific.update(route for into, route in _INTO_AN_ORGAN if into.search(text.treated))
        specific.update(misspelt_routes(text.treated).values())
    for route in specific & NARROWER_ROUTES.keys():
        specific -= set(NARROWER_ROUTES[route])
    return specific or generic


def _haematopoietic(texts: list[_Text], conditions: tuple[str, ...]) -> bool:
    """Whether the trial is about a blood disease or the steps of a haematopoietic transplant."""
    return any(_HAEMATOPOIETIC.search(t.key) for t in texts) or any(
        _HAEMATOPOIETIC.search(match_key(c)) for c in conditions
    )


# In a summary or description naming both donor kinds, one kind named at least this often and
# this many times as often as the other is the trial's own (the other is background).
MOSTLY_NAMED = 3


def _donor(texts: list[_Text]) -> str | None:
    for origin in (UNIT, TITLE, SUMMARY, DESCRIPTION):
        kinds = Counter(
            hit.term
            for text in texts
            if text.origin == origin and not text.control
            for hit in _DONORS.hits(text.key)
            if not _inside(hit, text.settings)
        )
        if len(kinds) == 1:
            return next(iter(kinds))
        if kinds and origin in (UNIT, TITLE):
            return "both"
        if kinds:
            (first, most), (_, other) = kinds.most_common(2)
            return first if most >= MOSTLY_NAMED and most >= MOSTLY_NAMED * other else None
    return None


def _in_order(found: set[str], terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(t.term for t in terms if t.term in found)


def classify(parsed: ParsedTrial) -> Classification:
    """The regenerative-medicine classification of ``parsed``; empty when it has no product."""
    return classify_with_flags(parsed)[0]


# The review flag's code: cells are given, but none of their wordings is a cell type.
UNMATCHED_CELL_PRODUCT = "regen_cell_type_unmatched"


def classify_with_flags(parsed: ParsedTrial) -> tuple[Classification, tuple[ReviewFlag, ...]]:
    """The classification of ``parsed`` and the review flags it raises.

    A trial that gives cells none of whose wordings is a cell type ("ct1195e cells", "stem
    cell therapy") keeps its classification (cell therapy, donor, route...) and is flagged
    with the wording that names the product, for a curator to choose or add the cell type.
    """
    texts = _texts(parsed)
    headline = [t for t in texts if t.origin != DESCRIPTION]
    narrative = [t for t in texts if t.origin == DESCRIPTION]
    found, told = _products_and_cells(headline), _products_and_cells(narrative)
    products = found.products
    products |= told.products & PREPARATIONS if products else told.products
    cells = found.cells or told.cells
    loose = found.loose or told.loose
    if not cells and loose and _haematopoietic(texts, parsed.conditions):
        cells = loose
        products.add(CELL_THERAPY)
    if not products:
        return Classification(), ()
    regen = Classification(
        product_types=_in_order(products, PRODUCT_TYPES),
        cell_types=_in_order(cells, CELL_TYPES),
        source_tissues=_in_order(_tissues(headline) or _tissues(narrative), SOURCE_TISSUES),
        donor=_donor(texts),
        routes=_in_order(_routes(headline) or _routes(narrative), ROUTES),
    )
    if CELL_THERAPY not in products or cells:
        return regen, ()
    named = found.product_text or told.product_text
    message = (
        f"cells are given but no cell type matches their wording: '{named}'; "
        "choose the cell type (or add the wording to the vocabulary)"
    )
    return regen, (ReviewFlag(UNMATCHED_CELL_PRODUCT, message),)

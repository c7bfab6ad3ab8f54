"""Word-level differences for curators: which words a change inserted and deleted, and, for a
list (criteria, conditions...), every item that changed, was added or was removed.

Rendered as HTML with <del> and <ins>; every piece of text is escaped.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\s+|[^\s\w]|\w+")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words it lacks from ``old`` in <del> and the words it adds in <ins>."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    pieces = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(format_html("{}", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(pieces))


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "changed", "added" or "removed"
    html: SafeString


def list_diff(old: list[str], new: list[str]) -> list[ItemChange]:
    """Every item of two lists that differs: items replaced in place are paired and shown
    word by word; the others are whole additions or removals."""
    changes = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added))
        for before, after in zip(removed[:paired], added[:paired], strict=True):
            changes.append(ItemChange("changed", word_diff(before, after)))
        for before in removed[paired:]:
            changes.append(ItemChange("removed", format_html("<del>{}</del>", before)))
        for after in added[paired:]:
            changes.append(ItemChange("added", format_html("<ins>{}</ins>", after)))
    if not changes and old != new:
        changes.append(ItemChange("changed", format_html("{}", "the same items, reordered")))
    return changes


def render_list_diff(label: str, changes: list[ItemChange]) -> SafeString:
    """An expandable list: a summary counting each kind of change, then every item."""
    counts = [
        f"{sum(c.kind == kind for c in changes)} {kind}"
        for kind in ("changed", "added", "removed")
        if any(c.kind == kind for c in changes)
    ]
    return format_html(
        '<details class="item-diff"><summary><strong>{}</strong>: {}</summary>'
        '<ul class="word-diff">{}</ul></details>',
        label,
        ", ".join(counts),
        format_html_join("", '<li class="{}">{}</li>', ((c.kind, c.html) for c in changes)),
    )

"""ReBEC records (ensaiosclinicos.gov.br, Registro Brasileiro de Ensaios Clínicos): "Public
trial" over "RBR-xxxxxxx <public title>", then labels ending in a colon with each value in
English and Portuguese ("en" / "pt-br" lines before them), some labels bulleted with their
value on the same line ("- Primary sponsor: ..."). "Secondaries identifiers" are mostly
ethics approval numbers (CAAE, CEP), not trial ids; registry ids among them are found anyway."""

import re

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

NAME = "rebec"
_OWN = {
    "other_ids": ("UTN code",),
    "title": ("Public title",),
    "official_title": ("Scientific title",),
    "acronym": ("Public acronym", "Scientific acronym"),
    "sponsor": ("Primary sponsor",),
    "collaborators": ("Secondary sponsor", "Supporting source"),
    "conditions": ("Health conditions",),
    "ignore": ("Record date", "Last update", "Trial identification", "Secondaries identifiers",
               "Issuing authority", "Sponsors", "General descriptors for health conditions",
               "Specific descriptors", "Descriptors"),
}  # fmt: skip
# Bulleted "- Label: value" lines hold a field: the bullet does not make them list items.
_BULLETED_PAIR = re.compile(
    r"^\s*-\s+(?P<label>UTN code|Primary sponsor)\s*:\s*(?P<value>\S.*)$", re.IGNORECASE
)

LAYOUT = Layout(
    name=NAME,
    signals=(
        ("ensaiosclinicos.gov.br", 0.4),
        ("Registro Brasileiro de Ensaios", 0.4),
        ("Public trial", 0.1),
        ("Secondaries identifiers", 0.4),
        ("UTN code", 0.2),
        ("RBR-", 0.1),
    ),
    labels=label_table(LABELS, _OWN),
    glued=_BULLETED_PAIR,
    bilingual=True,
)

"""hPSCreg clinical-trial pages (hpscreg.eu/browse/trial, the registry of human pluripotent
stem cell lines and the trials using them): the title, then "General Information" and
"Administrative Information" with labels run into their values by a space ("Clinical trials
phase Phase 1", "NCT number NCT03839238", "Sponsors ..."). Its "Country" lines belong to the
regulatory body and the public contact, not to the trial's sites."""

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, glued_label_pattern, label_table

NAME = "hpscreg"
_OWN = {
    "registry_ids": ("NCT number",),
    "brief_summary": ("Summary",),
    "detailed_description": ("Description",),
    "phases": ("Clinical trials phase",),
    "start": ("Start date (estimated)", "Start date"),
    "completion": ("End date (estimated)", "End date"),
    "sponsor": ("Sponsors",),
    "collaborators": ("Collaborators",),
    "ignore": ("General Information", "Administrative Information", "Clinical feature", "Label",
               "Link", "Publications", "ICTRP weblink", "Source weblink",
               "Regulatory body approval", "Name", "Country", "Study sites", "Public contact",
               "Email", "Public email", "First name", "Last name", "Cells",
               "Which differentiated cell type is used"),
}  # fmt: skip

LAYOUT = Layout(
    name=NAME,
    signals=(
        ("hpscreg", 0.4),
        ("Which differentiated cell type is used", 0.4),
        ("Regulatory body approval", 0.2),
        ("Clinical trials phase", 0.2),
        ("ICTRP weblink", 0.2),
    ),
    labels=label_table(LABELS, _OWN),
    glued=glued_label_pattern(
        w for key, ws in _OWN.items() if key not in ("ignore", "detailed_description") for w in ws
    ),
)

"""WHO ICTRP trial records (trialsearch.who.int): one label per field, the source registry's
values ("Main ID", "Recruitment status", "Key inclusion & exclusion criteria")."""

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

NAME = "ictrp"
LAYOUT = Layout(
    name=NAME,
    signals=(
        ("International Clinical Trials Registry Platform", 0.4),
        ("trialsearch.who.int", 0.2),  # also a link on other sites' pages
        ("Main ID", 0.2),
        ("Last refreshed on", 0.2),
        ("Date of first enrolment", 0.2),
        ("Inclusion agemin", 0.2),
        ("Key inclusion & exclusion criteria", 0.2),
        ("Countries of recruitment", 0.1),
    ),
    labels=label_table(
        LABELS,
        {
            "sex": ("Inclusion gender",),
            "ignore": (
                "URL",
                "Register",
                "Source Register",
                "Retrospective flag",
                "Bridging flag truefalse",
                "Bridged type",
                "Results date posted",
            ),
        },
    ),  # fmt: skip
)

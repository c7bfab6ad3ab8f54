"""ANZCTR trial records (anzctr.org.au): the record page, its "Query!" rendering (every value on
its own line, then "Query!"), and records imported from ClinicalTrials.gov. Codes beside values
("Fetal stroke 326117 0", "Secondary ID [1] 307000 0") are the registry's own, not data."""

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

NAME = "anzctr"
LAYOUT = Layout(
    name=NAME,
    signals=(
        ("endorsed by the ANZCTR", 0.5),
        ("Trial registered on ANZCTR", 0.4),
        ("Universal Trial Number (UTN)", 0.3),
        ("Health condition(s) or problem(s) studied", 0.2),
        ("Ethics application status", 0.2),
        ("Intervention/exposure", 0.2),
        ("Query!", 0.1),
        ("ACTRN", 0.1),
    ),
    labels=label_table(
        LABELS,
        {
            "enrollment": ("Target", "Final", "Accrual to date", "Sample size"),
            "design_text": (
                "Comparator / control treatment",
                "Control group",
                "Purpose of the study",
                "Type of endpoint/s",
                "Who is / are masked / blinded?",
            ),
            "interventions": ("Description of intervention(s) / exposure",),
            "ignore": (
                "Sample size",
                "Intervention code",
                "Titles & IDs",
                "Health condition",
                "Intervention/exposure",
                "Outcomes",
                "Eligibility",
                "Study design",
                "Procedure for enrolling a subject and allocating the treatment "
                "(allocation concealment procedures)",
                "Methods used to generate the sequence in which subjects will be "
                "randomised (sequence generation)",
                "Statistical methods / analysis",
                "Funding & Sponsors",
                "Funding source category",
                "Address",
                "Ethics approval",
                "Ethics committee name",
                "Trial website",
                "Trial related presentations / publications",
                "Public notes",
                "Contacts",
                "Principal investigator",
                "Contact person for public queries",
                "Contact person for scientific queries",
                "Data sharing statement",
                "Download to PDF",
                "Trial Review",
                "Type of registration",
            ),
            "sponsor": ("Primary sponsor type",),
        },
    ),  # fmt: skip
)

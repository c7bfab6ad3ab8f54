"""ChiCTR records (chictr.org.cn): each field as a Chinese label, an English label, then the
value(s), Chinese value before English. The English label's value is read; every other label
line (a line ending in a colon) ends the section before it. "Registration Status:
Prospective registration" is about the registration, not recruitment."""

import re

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

NAME = "chictr"
LAYOUT = Layout(
    name=NAME,
    signals=(
        ("中国临床试验注册中心", 0.4),
        ("Chinese Clinical Trial Registry", 0.4),
        ("Date of Last Refreshed on", 0.3),
        ("注册号", 0.3),
        ("Study leader", 0.1),
        ("ChiCTR", 0.1),
    ),
    labels=label_table(
        LABELS,
        {
            "official_title": ("Scientific title",),
            "conditions": ("Target disease", "Target condition"),
            "ages": ("Age range",),
            "status": ("Recruiting status",),
            "enrollment": ("Sample size", "Total sample size"),
            "design": ("Study design",),
            "masking": ("Blinding",),
            "sponsor": ("Primary sponsor",),
            "countries": ("Countries of recruitment and research settings", "Country"),
            "ignore": (
                "Registration Status",
                "Project audit state",
                "Target disease code",
                "Study subject ID",
                "Applicant",
                "Study leader",
                "Applicant's institution",
                "Approved by ethic committee",
                "Primary sponsor's address",
                "Source(s) of funding",
                "Applicant address",
                "Applicant telephone",
                "Study leader's telephone",
                "Applicant E-mail",
                "Study leader's E-mail",
                "Applicant Fax",
                "Study leader's fax",
            ),
        },
    ),  # fmt: skip
    unknown_label=re.compile(r"^[^\n:：]{1,90}[:：]\s*$"),
)

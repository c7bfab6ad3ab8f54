"""CTRI records (ctri.nic.in, India): label/value tables ("Public Title of Study", "Phase of
Trial", "Recruitment Status of Trial (India)"), conditions with their ICD-10 codes."""

from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, label_table

NAME = "ctri"
LAYOUT = Layout(
    name=NAME,
    signals=(
        ("CTRI Number", 0.4),
        ("ctri.nic.in", 0.4),
        ("Clinical Trials Registry - India", 0.4),
        ("Public Title of Study", 0.3),
        ("Recruitment Status of Trial", 0.3),
        ("Details of Principal Investigator", 0.2),
    ),
    labels=label_table(
        LABELS,
        {
            "title": ("Public Title of Study",),
            "official_title": ("Scientific Title of Study",),
            "study_type": ("Type of Trial",),
            "conditions": ("Health Condition / Problems Studied",),
            "interventions": ("Intervention / Comparator Agent",),
            "phases": ("Phase of Trial",),
            "status": ("Recruitment Status of Trial (India)",),
            "status_weak": ("Recruitment Status of Trial (Global)",),
            "design_text": ("Method of Generating Random Sequence",),
            "masking": ("Blinding/Masking",),
            "criteria_details": ("Details",),
            "locations": ("Sites of Study",),
            "other_ids": ("Secondary IDs if Any", "Secondary ID"),
            "ignore": (
                "Type of Study",
                "Post Graduate Thesis",
                "Method of Concealment",
                "Details of Ethics Committee",
                "Regulatory Clearance Status from DCGI",
                "Details Contact Person (Scientific Query)",
                "Details Contact Person (Public Query)",
                "Source of Monetary or Material Support",
                "Details of Secondary Sponsor",
                "Estimated Duration of Trial",
                "Publication Details",
                "Individual Participant Data (IPD) Sharing Statement",
                "Details of Principal Investigator or overall Trial Coordinator"
                " (multi-center study)",
                "Details of Principal Investigator",
                "Type of Sponsor",
            ),
        },
    ),  # fmt: skip
)

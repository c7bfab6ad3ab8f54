"""schema.org MedicalTrial JSON-LD for a trial's detail page."""

import json

from django.utils.safestring import SafeString, mark_safe

from trials.models import Trial

_PHASES = {"early_1": "Early Phase 1", "1": "Phase 1", "2": "Phase 2", "3": "Phase 3",
           "4": "Phase 4"}  # fmt: skip
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def medical_trial(trial: Trial, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial",
        "name": trial.title,
        "url": url,
        "identifier": [identifier.value for identifier in trial.identifiers.all()],
        "description": trial.brief_summary or trial.title,
        "status": trial.get_status_display(),
        "healthCondition": [
            {"@type": "MedicalCondition", "name": link.name} for link in trial.condition_links.all()
        ],
        "phase": [_PHASES[row.phase] for row in trial.phase_rows.all() if row.phase in _PHASES],
    }
    if trial.acronym:
        data["alternateName"] = trial.acronym
    if trial.sponsor:
        data["sponsor"] = {"@type": "Organization", "name": trial.sponsor.name}
    if trial.locations.all():
        data["location"] = [
            {"@type": "Place", "name": location.facility or location.city,
             "address": {"@type": "PostalAddress", "addressLocality": location.city,
                         "addressCountry": str(location.country)}}
            for location in trial.locations.all()
        ]  # fmt: skip
    return data


def as_script_content(data: dict) -> SafeString:
    """JSON that cannot close its <script> element, whatever the trial's text holds."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))

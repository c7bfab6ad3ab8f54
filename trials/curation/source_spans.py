"""Which passage of a source document each field of the trial's change page came from.

The importer stores each document's spans by record field (``SourceDocument.spans``, from
``parsers/spans.py``); the change page names its fields after the form ("title",
"criteria-3-text"). This maps one to the other and counts offsets as the browser does, for
``static/js/admin-curation.js``.
"""

from trials.parsers import parse_document, spans
from trials.parsers.record import ParseError

# Form field (an inline's "<prefix>-<column>", its row number left out) -> record fields.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "acronym": ("acronym",),
    "status": ("recruitment_status", "status_raw"),
    "status_raw": ("status_raw",),
    "recruitment_status": ("recruitment_status",),
    "brief_summary": ("brief_summary",),
    "detailed_description": ("detailed_description",),
    "enrollment": ("enrollment",),
    "start_date": ("start_date",),
    "primary_completion_date": ("primary_completion_date",),
    "completion_date": ("completion_date",),
    "first_posted_date": ("first_posted_date",),
    "last_update_date": ("last_update_date",),
    "sponsor": ("sponsor",),
    "collaborators": ("collaborators",),
    "identifiers-value": ("registry_ids",),
    "interventions-name": ("interventions",),
    "arms-label": ("arms",),
    "criteria-text": ("inclusion_criteria", "exclusion_criteria", "unclassified_criteria"),
    "outcomes-measure": ("primary_outcomes", "secondary_outcomes"),
    "locations-facility": ("locations",),
    "contacts-name": ("contacts",),
}


def form_spans(raw_text: str, stored: object, format: str = "") -> dict[str, list[list[int]]]:
    """The spans of one source by form field, in the browser's offsets: in the order of
    ``FORM_FIELDS`` (the status's recruitment wording before the registry's status), each
    record field's in text order.

    A document imported before spans were kept has none stored: it is parsed again here
    (as its ``format``), for the page only.
    """
    found = spans.from_json(stored) or _parsed_again(raw_text, format)
    by_record_field = spans.for_display(raw_text, found)
    result = {}
    for form_field, record_fields in FORM_FIELDS.items():
        found = list(
            dict.fromkeys(s for name in record_fields for s in by_record_field.get(name, ()))
        )
        if found:
            result[form_field] = [list(span) for span in found]
    return result


def _parsed_again(raw_text: str, format: str) -> spans.Spans:
    try:
        return parse_document(raw_text, format or None).spans
    except (ParseError, ValueError):  # no trial in it any more, a format since renamed
        return {}

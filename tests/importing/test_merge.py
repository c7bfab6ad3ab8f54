"""The same trial seen in several documents becomes one trial listing every source."""

import pytest

from tests.conftest import SAMPLE_SOURCES
from trials.importing import merge
from trials.models import Trial
from trials.parsers.record import (
    Classification,
    ParsedTrial,
    RegistryIdentifier,
    ReviewFlag,
    TrialDates,
)

VEEVA = SAMPLE_SOURCES / "004_06d783c427b23371.txt"

# The same trial (NCT03239535) as the registry aggregator shows it, with a status that
# disagrees with the Veeva page and a site the Veeva page does not list.
AGGREGATOR_COPY = """Allogeneic Mesenchymal Stem Cells for the Critical Limb Ischemia Therapy
- Conditions
- Critical Limb Ischemia
- Interventions
- Biological: Mesenchymal stem cellsBiological: Normal saline
- Registration Number
- NCT03239535
- Brief Summary
The clinical trial aims to study the safety and efficacy of adult allogeneic mesenchymal stem cells for the treatment of critical limb ischemia.
Recruitment & Eligibility
- Status
- COMPLETED
- Sex
- All
- Target Recruitment
- 40
Study & Design
- Study Type
- INTERVENTIONAL
- Study Design
- PARALLEL
Trial Locations
- Locations (1)
Federal Research Clinical Center of Federal Medical & Biological Agency
🇷🇺Moscow, Russian Federation
"""  # noqa: E501


@pytest.fixture
def two_copies(tmp_path, import_documents):
    (tmp_path / "a_veeva.txt").write_bytes(VEEVA.read_bytes())
    (tmp_path / "b_aggregator.txt").write_text(AGGREGATOR_COPY, encoding="utf-8")
    return import_documents(tmp_path)


@pytest.mark.django_db
def test_one_trial_with_both_sources(two_copies):
    assert "1 created" in two_copies and "1 merged" in two_copies
    trial = Trial.objects.get()
    assert trial.public_id == "NCT03239535"
    assert sorted(trial.sources.values_list("filename", flat=True)) == [
        "a_veeva.txt",
        "b_aggregator.txt",
    ]


@pytest.mark.django_db
def test_missing_fields_filled_from_the_other_source(two_copies):
    trial = Trial.objects.get()
    assert [str(c) for c in trial.country_rows.values_list("country", flat=True)] == ["RU"]
    assert trial.locations.get().city == "Moscow"
    assert trial.masking == "single"  # only the Veeva page says so


@pytest.mark.django_db
def test_conflict_is_flagged_naming_both_sources(two_copies):
    trial = Trial.objects.get()
    assert trial.status == "unknown"  # the earlier source wins
    messages = [flag.message for flag in trial.review_flags.filter(code="source_conflict")]
    status = [m for m in messages if m.startswith("status:")]
    assert len(status) == 1
    assert "a_veeva.txt" in status[0] and "b_aggregator.txt" in status[0]
    assert "'completed'" in status[0]


@pytest.mark.django_db
def test_merged_trial_found_by_secondary_id(tmp_path, import_documents):
    import_documents(VEEVA)
    other = AGGREGATOR_COPY.replace("NCT03239535", "MSC-CLI/FMBA/001")
    (tmp_path / "by_protocol_id.txt").write_text(other, encoding="utf-8")
    output = import_documents(tmp_path)
    assert "1 merged" in output
    assert Trial.objects.count() == 1


def parsed(**fields) -> ParsedTrial:
    return ParsedTrial(**{"format": "test", **fields})


def test_merge_unions_ids_countries_and_classification():
    first = parsed(
        title="A",
        registry_ids=(RegistryIdentifier("nct", "NCT00000001"),),
        countries=("FR",),
        regen=Classification(cell_types=("mesenchymal stromal cells",)),
    )
    second = parsed(
        title="A",
        registry_ids=(RegistryIdentifier("eu_ct", "2025-500000-00-00"),),
        countries=("IT", "FR"),
        regen=Classification(cell_types=("chondrocytes",), routes=("intra-articular",)),
    )
    result, flags = merge.merge([merge.Source("one", first), merge.Source("two", second)])
    assert [i.value for i in result.registry_ids] == ["NCT00000001", "2025-500000-00-00"]
    assert result.countries == ("FR", "IT")
    assert result.regen.cell_types == ("mesenchymal stromal cells", "chondrocytes")
    assert result.regen.routes == ("intra-articular",)
    assert flags == ()


def test_merge_fills_gaps_and_flags_disagreements():
    first = parsed(
        title="A", enrollment=None, status="recruiting", dates=TrialDates(start="2020-01")
    )
    second = parsed(title="a", enrollment=40, status="completed", dates=TrialDates(start="2021-02"))
    result, flags = merge.merge([merge.Source("one", first), merge.Source("two", second)])
    assert result.enrollment == 40
    assert result.status == "recruiting"
    assert result.title == "A"  # same text but for case: no conflict
    assert [f.message.split(":")[0] for f in flags] == ["status", "start date"]


@pytest.mark.parametrize(
    ("first", "second", "field", "kept", "flagged"),
    [
        # A phase read from a title yields to a labelled phase field, without a conflict.
        (parsed(phases=("1",), review_flags=(ReviewFlag("phases_implied", "from the title"),)),
         parsed(phases=("1", "2")), "phases", ("1", "2"), False),
        # A text cut short yields to the whole of it.
        (parsed(title="Feasibility of"), parsed(title="Feasibility of cord blood cells"),
         "title", "Feasibility of cord blood cells", False),
        # A list missing items yields to the fuller list.
        (parsed(conditions=("Stroke",)), parsed(conditions=("Stroke", "Cerebral palsy")),
         "conditions", ("Stroke", "Cerebral palsy"), False),
        # A news item's title yields to the registry's, and the two are shown to a curator.
        (parsed(format="secondary", title="Cell sheet trial opens"),
         parsed(title="Oral mucosal epithelial cell sheets for LSCD"),
         "title", "Oral mucosal epithelial cell sheets for LSCD", True),
        # Two labelled values that disagree: the first source's is kept, and flagged.
        (parsed(enrollment=30), parsed(enrollment=40), "enrollment", 30, True),
    ],
)  # fmt: skip
def test_merge_keeps_junk_from_overwriting_a_good_value(first, second, field, kept, flagged):
    result, flags = merge.merge([merge.Source("one", first), merge.Source("two", second)])
    assert getattr(result, field) == kept
    assert bool(flags) is flagged


def test_json_round_trip():
    original = parsed(
        title="A",
        registry_ids=(RegistryIdentifier("nct", "NCT00000001"),),
        min_age_years=18.5,
        dates=TrialDates(start="2020-01-02"),
        regen=Classification(donor="autologous", routes=("intravenous",)),
    )
    assert merge.from_json(merge.to_json(original)) == original

"""Realistic synthetic trials for scale tests and benchmarks (``manage.py generate_trials``).

Pure functions from a seeded random generator to ``ParsedTrial``: registry-like
distributions (about 3 conditions, 2 interventions, 2 arms, 5 outcomes and 4 sites per
trial), Zipf-like frequencies of conditions and countries, a real status and phase mix, and
text lengths like real pages. The classification is then derived by the same ``classify``
as imported documents.
"""

import random
from collections.abc import Iterator
from dataclasses import replace
from itertools import accumulate

from trials.parsers.classify import classify
from trials.parsers.record import (
    ParsedArm,
    ParsedContact,
    ParsedIntervention,
    ParsedLocation,
    ParsedOutcome,
    ParsedTrial,
    RegistryIdentifier,
    TrialDates,
)

# fmt: off
BASE_CONDITIONS = (
    "Knee Osteoarthritis", "Osteoarthritis", "COVID-19", "Acute Respiratory Distress Syndrome",
    "Graft Versus Host Disease", "Crohn's Disease", "Perianal Fistula", "Spinal Cord Injury",
    "Multiple Sclerosis", "Amyotrophic Lateral Sclerosis", "Parkinson's Disease", "Stroke",
    "Ischemic Stroke", "Heart Failure", "Dilated Cardiomyopathy", "Myocardial Infarction",
    "Critical Limb Ischemia", "Peripheral Arterial Disease", "Diabetic Foot Ulcer",
    "Type 1 Diabetes", "Type 2 Diabetes", "Liver Cirrhosis", "Liver Failure",
    "Chronic Kidney Disease", "Lupus Nephritis", "Systemic Lupus Erythematosus",
    "Systemic Sclerosis", "Rheumatoid Arthritis", "Ulcerative Colitis", "Cartilage Defect",
    "Osteochondral Lesion", "Non-union Fracture", "Osteonecrosis of the Femoral Head",
    "Degenerative Disc Disease", "Low Back Pain", "Rotator Cuff Tear", "Tendinopathy",
    "Bronchopulmonary Dysplasia", "Idiopathic Pulmonary Fibrosis", "COPD", "Burns",
    "Epidermolysis Bullosa", "Limbal Stem Cell Deficiency", "Retinitis Pigmentosa",
    "Age-related Macular Degeneration", "Premature Ovarian Insufficiency", "Asherman Syndrome",
    "Erectile Dysfunction", "Autism Spectrum Disorder", "Cerebral Palsy",
    "Traumatic Brain Injury", "Alzheimer Disease", "Aplastic Anemia", "Poor Graft Function",
    "Osteogenesis Imperfecta", "Muscular Dystrophy", "Frailty", "Aging", "Sepsis",
    "Acute Kidney Injury", "Psoriasis", "Alopecia", "Sjogren's Syndrome", "Dry Eye Disease",
)
QUALIFIERS = ("", "Chronic", "Severe", "Refractory", "Moderate", "Early", "Advanced", "Acute",
              "Steroid-refractory", "Pediatric")
COUNTRIES = ("US", "CN", "ES", "IR", "KR", "FR", "IT", "DE", "GB", "BR", "IN", "JP", "TR",
             "RU", "BY", "PL", "NL", "BE", "AU", "CA", "SE", "DK", "CH", "AT", "IL", "EG",
             "PK", "ID", "MY", "VN", "TW", "GR", "PT", "CZ", "UA", "KZ", "JO", "SA", "AR", "MX",
             "CO", "CL", "NO", "FI", "IE", "HU", "RO", "SG", "TH", "NZ")
CITIES = ("Central City", "Northport", "Riverside", "Lakeview", "Hillcrest", "Springfield",
          "Fairview", "Greenville", "Kingston", "Newport", "Ashford", "Westbury")
STATUSES = (("completed", 35), ("recruiting", 20), ("unknown", 20), ("not_yet_recruiting", 8),
            ("active_not_recruiting", 7), ("terminated", 4), ("withdrawn", 3),
            ("enrolling_by_invitation", 2), ("suspended", 1))
PHASES = ((("1",), 25), (("1", "2"), 25), (("2",), 25), (("3",), 8), (("na",), 10),
          (("early_1",), 3), (("4",), 2), ((), 2))
PRODUCTS = (
    ("mesenchymal stromal cells", ("bone marrow", "umbilical cord", "adipose tissue",
                                   "Wharton's jelly", "placenta", "dental pulp")),
    ("mesenchymal stem cells", ("bone marrow", "umbilical cord", "adipose tissue")),
    ("regulatory T cells", ("peripheral blood",)),
    ("chondrocytes", ("cartilage",)),
    ("bone marrow mononuclear cells", ("bone marrow",)),
    ("stromal vascular fraction", ("adipose tissue",)),
    ("extracellular vesicles", ("umbilical cord mesenchymal stromal cells", "bone marrow MSCs")),
    ("exosomes", ("adipose-derived stem cells", "placenta")),
    ("CD34+ cells", ("peripheral blood", "umbilical cord blood")),
    ("neural stem cells", ("fetal brain",)),
    ("iPSC-derived cardiomyocytes", ("induced pluripotent stem cells",)),
    ("limbal stem cells", ("limbus",)),
    ("keratinocytes and fibroblasts", ("skin",)),
)
ROUTES = ("intravenous infusion", "intra-articular injection", "intramuscular injection",
          "intrathecal injection", "intramyocardial injection", "local injection",
          "intradiscal injection", "topical application", "intracoronary infusion",
          "subcutaneous injection")
SENTENCES = (
    "This study evaluates the safety and efficacy of {product} in patients with {condition}.",
    "Participants receive {product} by {route} and are followed for {months} months.",
    "The primary objective is to assess adverse events related to the cell product.",
    "Secondary objectives include changes in functional scores, imaging and quality of life.",
    "Cells are manufactured under good manufacturing practice and released after quality control.",
    "Patients are randomly assigned to the cell product or to a control treatment.",
    "Efficacy is measured with validated scales at baseline and during follow-up visits.",
    "Blood samples are collected to study immunological markers of response.",
)
CRITERIA_IN = ("Age between {lo} and {hi} years",
               "Diagnosis of {condition} confirmed by a specialist",
               "Written informed consent", "Adequate renal and hepatic function",
               "Failure of conventional treatment for at least 6 months",
               "Able to comply with study visits",
               "Negative pregnancy test for women of childbearing potential")
CRITERIA_OUT = ("Active infection", "History of malignancy within 5 years",
                "Pregnancy or breastfeeding",
                "Participation in another clinical trial within 3 months",
                "Known allergy to any component of the product", "Uncontrolled diabetes",
                "Severe cardiovascular disease", "HIV, hepatitis B or C infection",
                "Immunosuppressive therapy", "Alcohol or drug abuse")
OUTCOMES = ("Incidence of treatment-emergent adverse events", "Change in pain score (VAS)",
            "Change in functional score", "Overall survival", "Change in MRI lesion volume",
            "Quality of life (SF-36)", "Response rate", "Serious adverse events",
            "Change in biomarker levels", "Time to recovery")
HOSPITALS = ("University", "General", "Regional", "Children's")
DESIGNS = ("randomised", "open-label", "pilot", "multicentre", "phase-seamless")
SPONSORS = ("National", "Regional", "University", "Federal")
TIME_FRAMES = ("1 month", "3 months", "6 months", "12 months", "24 months", "Baseline to week 12")
# fmt: on


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _poisson(rng: random.Random, mean: float, low: int = 0) -> int:
    # Knuth's method is enough for small means.
    limit, count, product = pow(2.718281828, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return max(low, count)


def condition_pool(size: int = 3000) -> list[str]:
    """Distinct condition names, the common ones first (Zipf rank order)."""
    names = list(BASE_CONDITIONS)
    for qualifier in QUALIFIERS[1:]:
        names += [f"{qualifier} {base}" for base in BASE_CONDITIONS]
    index = 1
    while len(names) < size:
        names += [f"{base} Type {index}" for base in BASE_CONDITIONS]
        index += 1
    return names[:size]


def generate(count: int, seed: int = 1, start: int = 0) -> Iterator[ParsedTrial]:
    rng = random.Random(seed)
    conditions = condition_pool()
    condition_weights = _zipf_weights(len(conditions))
    country_weights = _zipf_weights(len(COUNTRIES), 0.9)
    for number in range(start, start + count):
        yield _trial(rng, number, conditions, condition_weights, country_weights)


def _paragraph(rng, sentences: int, **words) -> str:
    return " ".join(rng.choice(SENTENCES).format(**words) for _ in range(sentences))


def _trial(rng, number, conditions, condition_weights, country_weights) -> ParsedTrial:
    product, tissues = rng.choice(PRODUCTS)
    tissue = rng.choice(tissues)
    donor = rng.choice(("autologous", "allogeneic", "allogeneic", "autologous", ""))
    route = rng.choice(ROUTES)
    names = rng.choices(conditions, cum_weights=condition_weights, k=max(1, _poisson(rng, 3)))
    trial_conditions = tuple(dict.fromkeys(names))
    condition = trial_conditions[0]
    words = {"product": f"{donor} {tissue}-derived {product}".strip(), "condition": condition,
             "route": route, "months": rng.choice((6, 12, 24))}  # fmt: skip
    experimental = ParsedIntervention(
        name=f"{donor.capitalize()} {tissue}-derived {product}".strip(),
        type="biological",
        description=f"{product} given by {route}",
    )
    interventions = [experimental]
    arms = [
        ParsedArm(
            label=f"{product} group",
            type="experimental",
            description=f"Patients receive {words['product']} by {route}.",
            interventions=(experimental.name,),
        )
    ]
    if rng.random() < 0.6:
        control = ParsedIntervention(name=rng.choice(("Placebo", "Standard of care", "Saline")),
                                     type=rng.choice(("drug", "other")))  # fmt: skip
        interventions.append(control)
        arms.append(ParsedArm(label="Control group", type="placebo_comparator",
                              description=f"Patients receive {control.name.lower()}.",
                              interventions=(control.name,)))  # fmt: skip
    sampled = rng.choices(COUNTRIES, cum_weights=country_weights, k=rng.choice((1, 1, 1, 2, 3)))
    countries = tuple(dict.fromkeys(sampled))
    locations = tuple(
        ParsedLocation(
            facility=f"{rng.choice(HOSPITALS)} Hospital {rng.randint(1, 400)}",
            city=rng.choice(CITIES),
            country=rng.choice(countries),
        )
        for _ in range(_poisson(rng, 4))
    )  # fmt: skip
    low, high = rng.choice(((18, 65), (18, 80), (40, 75), (2, 17), (18, None), (50, 90)))
    year = rng.randint(2008, 2026)
    parsed = ParsedTrial(
        format="generated",
        title=f"{words['product'].capitalize()} for {condition}: a {rng.choice(DESIGNS)} study",
        registry_ids=(RegistryIdentifier("nct", f"NCT{90000000 + number:08d}"),),
        status=_weighted(rng, STATUSES),
        phases=_weighted(rng, PHASES),
        study_type="interventional",
        dates=TrialDates(start=f"{year}-{rng.randint(1, 12):02d}",
                         completion=f"{year + rng.randint(1, 5)}-{rng.randint(1, 12):02d}"),
        brief_summary=_paragraph(rng, 3, **words),
        detailed_description=_paragraph(rng, 10, **words),
        conditions=trial_conditions,
        interventions=tuple(interventions),
        arms=tuple(arms),
        enrollment=int(rng.lognormvariate(3.6, 0.9)) + 1,
        enrollment_type=rng.choice(("estimated", "actual")),
        sex=_weighted(rng, (("all", 90), ("female", 6), ("male", 4))),
        min_age_years=low,
        max_age_years=high,
        healthy_volunteers=rng.random() < 0.05,
        inclusion_criteria=tuple(c.format(lo=low, hi=high or 99, condition=condition)
                                 for c in rng.sample(CRITERIA_IN, 5)),
        exclusion_criteria=tuple(rng.sample(CRITERIA_OUT, 5)),
        allocation=rng.choice(("randomized", "non_randomized", "na")),
        intervention_model=rng.choice(("parallel", "single_group", "crossover")),
        masking=rng.choice(("none", "single", "double", "quadruple")),
        primary_purpose="treatment",
        primary_outcomes=tuple(ParsedOutcome(m, rng.choice(TIME_FRAMES), f"Measured as {m}.")
                               for m in rng.sample(OUTCOMES, 2)),
        secondary_outcomes=tuple(ParsedOutcome(m, rng.choice(TIME_FRAMES))
                                 for m in rng.sample(OUTCOMES, 3)),
        sponsor=f"{rng.choice(SPONSORS)} Cell Therapy Centre {rng.randint(1, 800)}",
        locations=locations,
        countries=countries,
        contacts=(ParsedContact(name=f"Study Coordinator {number}", role="Central contact"),),
    )  # fmt: skip
    return _with_classification(parsed)


def _with_classification(parsed: ParsedTrial) -> ParsedTrial:
    return replace(parsed, regen=classify(parsed))

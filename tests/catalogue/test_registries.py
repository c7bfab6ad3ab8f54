"""The one rule that gives a trial its public id."""

from trials.registries import public_id_of


def test_the_id_marked_primary_is_the_public_id():
    ids = [("nct", "NCT01234567", False), ("isrctn", "ISRCTN12345678", True)]
    assert public_id_of(ids, "A trial") == "ISRCTN12345678"


def test_without_a_primary_the_best_ranked_registry_wins():
    ids = [("chictr", "ChiCTR2000012345", False), ("eudract", "2019-001234-56", False)]
    assert public_id_of(ids, "A trial") == "2019-001234-56"


def test_the_public_id_stands_as_in_a_url():
    assert public_id_of([("other", "KCT/2020/01", False)], "A trial") == "kct-2020-01"


def test_a_trial_without_registry_ids_is_known_by_its_title():
    first = public_id_of([], "Stem cells for knee cartilage")
    assert first.startswith("rt-") and len(first) == 13
    assert public_id_of((), "STEM CELLS for knee cartilage") == first  # the title's search key
    assert public_id_of((), "Stem cells for hip cartilage") != first

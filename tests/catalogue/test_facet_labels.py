"""Facet labels read off tables of names are the names the vocabularies give."""

from django.utils import translation
from django_countries import countries

from trials.catalogue.facets import FACETS

COUNTRY = next(facet for facet in FACETS if facet.name == "country")


def test_country_labels_are_the_country_names():
    codes = {code for code, _name in countries} | {"XX", ""}
    assert COUNTRY.labels(codes) == {
        code: countries.name(code) for code in codes if countries.name(code)
    }


def test_country_labels_follow_the_language():
    with translation.override("de"):
        assert COUNTRY.labels({"DE"}) == {"DE": countries.name("DE")} == {"DE": "Deutschland"}
    assert COUNTRY.labels({"DE"}) == {"DE": "Germany"}

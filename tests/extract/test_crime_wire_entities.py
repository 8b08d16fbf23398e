"""People, places and organisations in wire crime news (issue 19, sixth round): short hand-written passages."""

from __future__ import annotations

from service.extract import Extraction, Extractor


def _names(extraction: Extraction) -> dict[str, list[str]]:
    return {
        "people": [e.name for e in extraction.people],
        "places": [p.name for p in extraction.places],
        "organisations": [e.name for e in extraction.organisations],
    }


def _rules(extraction: Extraction) -> set[str]:
    return {rule for e in extraction.evidence for rule, *_ in e.rules}


def test_a_numbered_precinct_is_an_organisation(extractor: Extractor) -> None:
    body = (
        "Officers from the 41st Precinct arrested two men on Friday, and a crowd gathered outside the "
        "precinct house until midnight, a police spokeswoman said."
    )
    extraction = extractor.extract(body)
    assert "41st Precinct" in _names(extraction)["organisations"]
    assert "numbered_precinct" in _rules(extraction)


def test_gangs_and_city_police_named_by_short_forms_are_organisations(extractor: Extractor) -> None:
    body = (
        "Prosecutors said the teenager ran with the Crips, and that a rival Crip had threatened him weeks "
        "earlier. Marchers chanted against the NYPD, and a banner compared officers to the KKK."
    )
    names = _names(extractor.extract(body))
    assert {"Crips", "NYPD", "KKK"} <= set(names["organisations"])
    assert "Crip" not in names["organisations"] and not {"Crips", "Crip"} & set(names["people"])


def test_glaciers_and_mountains_are_places(extractor: Extractor) -> None:
    body = (
        "The climber fell near the Franz Glacier on Sunday, rescuers said. His partner walked down to a hut "
        "below Mt Aspiring and raised the alarm, and a helicopter flew them both out."
    )
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert not {"Franz Glacier", "Mt Aspiring"} & (set(names["people"]) | set(names["organisations"]))


def test_a_given_name_before_a_feature_word_stays_a_person(extractor: Extractor) -> None:
    body = "Director Michael Bay said on Monday that filming would resume in the spring."
    names = _names(extractor.extract(body))
    assert "Michael Bay" in names["people"]

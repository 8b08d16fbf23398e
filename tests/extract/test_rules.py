"""Unit behaviour of the number grammar, boilerplate masking, entity merging and casualty phrasing."""

from __future__ import annotations

import pytest

from service.extract import Extractor
from service.extract.boilerplate import boilerplate_spans, mask
from service.extract.numbers import QUANTITY, parse_quantity, words_to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Eighty-eight", 88),
        ("two hundred and fifty thousand", 250_000),
        ("one hundred and twelve", 112),
    ],
)
def test_number_words_parse(text: str, value: int) -> None:
    assert words_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value", "approximate", "unbounded"),
    [
        ("2,345", 2345, False, False),
        ("1.2 million", 1_200_000, False, False),
        ("at least 40", 40, True, True),
        ("dozens", 24, True, True),  # two dozen at least; the labelling guide's best integer (rule 7)
        ("scores", 20, True, True),
        ("nearly 200", 200, True, False),
        ("a dozen", 12, True, False),
        ("up to 300", 300, True, False),
    ],
)
def test_quantities_parse(text: str, value: int, approximate: bool, unbounded: bool) -> None:
    match = QUANTITY.search(text)
    assert match is not None
    quantity = parse_quantity(match)
    assert quantity is not None
    assert (quantity.value, quantity.approximate, quantity.unbounded) == (value, approximate, unbounded)


@pytest.mark.parametrize("text", ["a 31-year-old", "100-percent", "31 percent", "52.3%", "$2.5 million", "7.8"])
def test_ages_percentages_money_and_magnitudes_are_not_counts(text: str) -> None:
    assert all(parse_quantity(m) is None for m in QUANTITY.finditer(text))


def test_boilerplate_is_blanked_without_moving_offsets() -> None:
    body = "Two people died.\nJoin Example.com to receive daily email alerts of breaking news."
    spans = boilerplate_spans(body)
    assert spans == [(17, len(body))]
    masked = mask(body, spans)
    assert len(masked) == len(body) and masked.startswith("Two people died.") and not masked[17:].strip()


@pytest.mark.parametrize(
    "pitch",
    [
        "Sign up to Example.com for breaking news alerts by email. Example.com covers politics and sport from Ghana.",
        "Example.com brings you all the latest Ghana news, sport and entertainment.",
    ],
)
def test_a_sites_self_promotion_is_blanked_sentence_by_sentence(pitch: str) -> None:
    news = (
        "Two people died in Accra on Monday after a lorry left the road near the central market, police said. "
        "Officers closed the junction for three hours while investigators examined the scene. "
    )
    body = news + pitch  # one long paragraph, as scraped pages often are
    masked = mask(body, boilerplate_spans(body))
    assert masked.startswith(news) and "Ghana" not in masked
    assert "Example" not in masked


def test_a_news_sentence_naming_a_site_after_news_is_kept() -> None:
    body = (
        "Two people died in Accra on Monday after a lorry left the road near the central market, police said. "
        "Officers closed the junction for three hours. The video was first posted on Example.com by a witness."
    )
    assert boilerplate_spans(body) == []


def _figures(extractor: Extractor, text: str) -> list[tuple[str, int, str | None]]:
    return [(f.kind, f.count_min, f.group) for f in extractor.extract(text).casualties]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The death toll rose to 112, up from 97 a day earlier.", [("killed", 112, None)]),
        ("A man was shot dead outside his home.", [("killed", 1, "man")]),
        ("No deaths were reported.", [("killed", 0, None)]),
        ("Police arrested 43 people and 12 officers were hurt.", [("injured", 12, "officers")]),
        ("The blast killed 9 people, including 4 children.", [("killed", 9, None), ("killed", 4, "children")]),
        ("Fighting has displaced 300,000 people and destroyed 1,200 homes.", []),
    ],
)
def test_casualty_phrasing(extractor: Extractor, text: str, want: list[tuple[str, int, str | None]]) -> None:
    assert _figures(extractor, text) == want


def test_subgroup_points_at_its_parent(extractor: Extractor) -> None:
    figures = extractor.extract("The strike killed 88 people, including 31 children.").casualties
    assert figures[1].part_of == 0 and figures[0].part_of is None


def test_background_figure_does_not_make_the_total(extractor: Extractor) -> None:
    body = (
        "A bomb killed 7 people in the market on Monday. "
        "The 2004 tsunami killed about 230,000 people across the region."
    )
    totals = extractor.extract(body).casualty_totals
    assert totals["killed"] is not None and totals["killed"].count_min == 7


def test_surname_acronym_and_town_context(extractor: Extractor) -> None:
    body = (
        "Syrian President Bashar al-Assad met envoys. Assad said the Organisation for the Prohibition of "
        "Chemical Weapons (OPCW) was biased. OPCW inspectors went to the town of Khan Sheikhun."
    )
    extraction = extractor.extract(body)
    people = [p.name for p in extraction.people]
    orgs = {o.name: o.count for o in extraction.organisations}
    places = {p.name: p for p in extraction.places}
    assert people == ["Bashar al-Assad"]
    assert orgs.get("Organisation for the Prohibition of Chemical Weapons") == 3
    assert "Khan Sheikhun" in places and places["Khan Sheikhun"].country_code == "SY"
    assert "Syrian" not in places

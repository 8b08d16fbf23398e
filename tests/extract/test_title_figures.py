"""The title is part of the article: its figure counts where the body states none of that kind."""

from __future__ import annotations

from service.events import EVENT_SCHEMA, Article, build_event, project, schema_errors
from service.extract import Extractor
from service.extract.casualties.explain import explain

_SILENT_BODY = "The shooting happened on Monday morning at the school gym. Police said the suspect was arrested."


def _totals(extractor: Extractor, body: str, title: str | None) -> dict[str, tuple[int, bool] | None]:
    totals = extractor.extract(body, title).casualty_totals
    return {kind: (t.count_min, t.from_title) if t else None for kind, t in totals.items()}


def test_a_headline_count_is_the_total_when_the_body_states_none(extractor: Extractor) -> None:
    extraction = extractor.extract(_SILENT_BODY, "Gunman kills three at Ohio school")
    assert _totals(extractor, _SILENT_BODY, "Gunman kills three at Ohio school") == {
        "killed": (3, True),
        "injured": None,
        "missing": None,
    }
    # No figure with title offsets among the body's figures.
    assert extraction.casualties == ()


def test_both_kinds_of_a_headline(extractor: Extractor) -> None:
    got = _totals(extractor, "The storm hit late on Sunday.", "Storm leaves 5 dead, 20 injured in Texas")
    assert got == {"killed": (5, True), "injured": (20, True), "missing": None}


def test_the_body_figure_wins_over_the_title(extractor: Extractor) -> None:
    body = "Four people were killed when the gunman opened fire at the school gym on Monday, police said."
    assert _totals(extractor, body, "Gunman kills three at Ohio school")["killed"] == (4, False)


def test_a_title_victim_who_died_in_the_body_is_not_also_injured(extractor: Extractor) -> None:
    body = "A man in his early 30s was found shot in the driver's seat of a car. He was pronounced dead at the scene."
    got = _totals(extractor, body, "Victim found shot in car on Bridge Road")
    assert got["killed"] == (1, False)
    assert got["injured"] is None


def test_a_title_without_a_fate_changes_nothing(extractor: Extractor) -> None:
    assert _totals(extractor, _SILENT_BODY, "School reopens after a week") == {
        "killed": None,
        "injured": None,
        "missing": None,
    }
    assert not extractor.casualties.may_report("School reopens after a week")
    assert extractor.casualties.may_report("Gunman kills three at Ohio school")


def test_explain_says_the_total_came_from_the_title(extractor: Extractor) -> None:
    body, report, _ = extractor.explain_article(_SILENT_BODY, "Gunman kills three at Ohio school")
    text = explain("t1", body, report)
    assert "total killed: 3 from the title (no body sentence states a killed figure)" in text
    assert 'title figure: killed 3 rule count.left: "kills three"' in text
    assert "total injured: none stated" in text


def test_the_event_marks_the_total_and_v1_consumers_do_not_see_the_mark(extractor: Extractor) -> None:
    title = "Gunman kills three at Ohio school"
    article = Article(id="t1", body=_SILENT_BODY, title=title)
    event = build_event(article, extractor.extract(_SILENT_BODY, title), model="m", model_version="1")
    assert event["casualty_totals"]["killed"]["from_title"] is True
    assert "from_title" not in (event["casualty_totals"]["injured"] or {})
    assert schema_errors(EVENT_SCHEMA, event) == []
    v1 = project("entity-event", event, "v1")
    assert "from_title" not in v1["casualty_totals"]["killed"]
    assert v1["casualty_totals"]["killed"]["count_min"] == 3


def test_a_long_body_in_pieces_reads_the_title_once(extractor: Extractor) -> None:
    from service.extract.chunking import PIECE_CHARS

    filler = "The council met on Tuesday to discuss the new budget for the town's parks and roads. "
    body = filler * (2 * PIECE_CHARS // len(filler) + 1)
    assert len(body) > PIECE_CHARS
    totals = extractor.extract(body, "Gunman kills three at Ohio school").casualty_totals
    assert totals["killed"] is not None
    assert (totals["killed"].count_min, totals["killed"].from_title) == (3, True)


def test_explain_says_when_the_title_outnumbers_the_body(extractor: Extractor) -> None:
    body = "Police said one man was killed in the shooting on Main Street on Friday night."
    body, report, _ = extractor.explain_article(body, "Gunman kills four at Ohio bar")
    assert report.totals["killed"] is not None and report.totals["killed"].count_min == 4
    text = explain("t2", body, report)
    assert "total killed: 4 from the title (the title states more than the body's" in text
    assert "rule totals.title_count)" in text

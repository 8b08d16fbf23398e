"""Casualty language of short wire-style summaries (issue 18, cas40): one invented passage per rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and towns too);
none is taken from a labelled, shared or pooled set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # count.pair: a second object with a fate of its own is one person of each kind, not two dead
        (
            "count.pair",
            "A small plane crashes into a field near Tarrow, killing the pilot and injuring a passenger.",
            (1, 1),
        ),
        (
            "count.pair",
            "A delivery van overturns on a bridge in Orlan, injuring the driver and killing a pedestrian.",
            (1, 1),
        ),
        ("count.pair", "Gunmen storm a bank in Varno, killing a guard and a cashier.", (2, None)),
        # cue.tally: a war's or a strike campaign's toll since it began is a running tally (guide rule 13)
        (
            "cue.tally",
            "The army reports two more soldiers have been killed, bringing the death toll among its troops to nine "
            "since the start of the conflict with Velmark.",
            (2, None),
        ),
        (
            "cue.tally",
            "Air strikes kill 12 people in Varno, bringing the death toll since the start of the offensive to 310.",
            (12, None),
        ),
        # ... but a superlative measured since the war began is no tally of the news
        (
            "cue.tally",
            "The government declares a day of mourning after a missile strike on Tarrow that killed 18 people, "
            "one of the deadliest strikes since the start of the invasion.",
            (18, None),
        ),
        # ... nor one between commas after a superlative
        (
            "cue.tally",
            "Velmarkian forces launch their largest drone attack on Orlan, including the capital Brenn, since the "
            "start of the war, killing at least nine people and wounding dozens more.",
            (9, 24),
        ),
        # cue.hypothetical: an attempt or a plot has no dead
        (
            "cue.hypothetical",
            "A court in Varno convicts a man of the attempted murder of three police officers.",
            (None, None),
        ),
        ("cue.hypothetical", "A court in Varno convicts a man of the murder of three police officers.", (3, None)),
        (
            "cue.hypothetical",
            "A nurse is jailed for life for murdering four patients and attempting to murder nine others at a clinic "
            "in Brenn.",
            (4, None),
        ),
        # fate.killed.object: an attempted murder of a named person kills nobody
        ("fate.killed.object", "A man is charged with the attempted murder of Ivo Marten in Brenn.", (None, None)),
        # fate.injured.object_person: "shot down" is said of aircraft, not of people
        (
            "fate.injured.object_person",
            "The air force says it shot down two Velmarkian Su-24 jets over the sea.",
            (None, None),
        ),
        (
            "fate.injured.object_person",
            "Air defences shoot down three drones over Orlan, injuring two people with falling debris.",
            (None, 2),
        ),
        # totals.additional: a sentence opening on "another" adds people of a kind already counted
        (
            "totals.additional",
            "Two guards are killed after gunmen attack a mine in Orlan, Velmark. Another person is killed after a "
            "convoy is ambushed.",
            (3, None),
        ),
        (
            "totals.additional",
            "Two people are killed in a blast in Brenn. Another person is injured when a wall collapses.",
            (2, 1),
        ),
        # ... and a headline's "another" has nothing counted before it
        (
            "totals.additional",
            "Another teenager is shot dead in Brenn. A 17-year-old was killed on Friday night.",
            (1, None),
        ),
        # totals.item_suicide: in a round-up, an item's attacker who kills himself is counted with its dead
        (
            "totals.item_suicide",
            "Four people are killed in a missile strike on Tarrow, Chile.\nTwo judges are killed and a bodyguard is "
            "injured in a shooting at a court in Brenn, Norway. The gunman then kills himself.",
            (7, 1),
        ),
        (
            "totals.item_suicide",
            "Four people are killed in a missile strike on Tarrow, Chile.\nThree people are killed in a shooting at a "
            "school in Brenn, Norway, including the gunman, who later kills himself.",
            (7, None),
        ),
    ],
)
def test_wire_summary_language(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    assert _totals(extractor, body) == want, rule

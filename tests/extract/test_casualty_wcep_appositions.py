"""Wire-summary casualty language, second draw (issue 18, cas41): one invented passage per rule.

Each case names the lexicon id or rule id it protects, and the cases after a rule's fix guard its precision. The
passages are invented (names and towns too); none is taken from a labelled, shared or pooled set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # filler.count: an "including" apposition between a count and its verb may hold "and" and run long
        (
            "filler.count",
            "Seven hikers, including four Dutch and Belgian students on a school trip, are killed when a rockslide "
            "hits a trail near Tarrow.",
            (7, None),
        ),
        (
            "filler.count",
            "Eight people, including at least four police officers, are killed in two shootings in Varno.",
            (8, None),
        ),
        # filler.count and filter.age_range: an age range set off after the people is no count
        ("filter.age_range", "Four children, ages 6 to 11, are killed when a truck hits a bus in Orlan.", (4, None)),
        ("filter.age_range", "Three workers, aged 19, 23 and 40, are killed in a scaffold fall in Tarrow.", (3, None)),
        # count.subgroup: a sub-group's list goes on after "and"; its last item is no figure of the next verb
        (
            "count.subgroup",
            "Nine people are killed, including five miners and two rescuers, and about 30 others are injured in a gas "
            "blast at a mine in Varno.",
            (9, 30),
        ),
        (
            "count.subgroup",
            "A bomber strikes a market in Brenn, killing 12, among them three police officers, and wounding 20.",
            (12, 20),
        ),
        # cue.additional.after (totals.additional): a group "also" killed adds to the count before it
        (
            "cue.additional.after",
            "Six soldiers are killed in an ambush on a convoy near Tarrow. Dozens of insurgents are also killed.",
            (30, None),
        ),
        (
            "cue.additional.after",
            "A bus bomb kills 11 passengers in Orlan. Two police officers are also killed.",
            (13, None),
        ),
        # ... not a part of the dead, nor the same people told again, nor one person a count named in part
        (
            "cue.additional.after",
            "Twelve people are killed in a flood in Varno. Two children are also among the dead.",
            (12, None),
        ),
        (
            "cue.additional.after",
            "Five people are killed in a fire in Varno. The five were also found to have been drugged.",
            (5, None),
        ),
        (
            "cue.additional.after",
            "He shot dead four people, including a judge, at the courthouse in Tarrow. A deputy was also killed "
            "outside.",
            (4, None),
        ),
        # totals.additional: a sentence that opens on more dead adds its "N others" hurt too
        (
            "totals.additional",
            "A missile strike on Tarrow kills 19 people and injures 300 others. Another two civilians are killed and "
            "nine others are injured in Orlan.",
            (21, 309),
        ),
        # filter.unit_before: a town ending the sentence before a count is no "No." ("Varno. Two")
        (
            "filter.unit_before",
            "Twelve people are killed in a flood in Varno. Two children were also killed, officials said.",
            (14, None),
        ),
        ("filter.unit_before", "Passengers on bus No. 9 were unhurt, police in Varno said.", (None, None)),
        # count.toll: "over 70" after a toll's cue is the toll, not an age the tagger saw
        (
            "count.toll",
            "The death toll from the flooding in Brenn increases to over 70 as rescuers find 31 residents trapped in a "
            "care home.",
            (70, None),
        ),
        ("count.toll", "Residents over 70 are told to stay indoors during the heatwave in Brenn.", (None, None)),
        # ... only right after "rises to": a street number or a term after a death word stays a date or a measure
        (
            "count.toll",
            "A man was found dead in the lobby of a hotel at 2233 S. Lake Drive in Tarrow, police said.",
            (1, None),
        ),
        (
            "count.toll",
            "A man who shot dead a courier from a moving car in Brenn has been jailed for a minimum of 27 years.",
            (1, None),
        ),
        # totals.initialism: the dots of "U.S." do not end the clause a tally is read in
        (
            "totals.initialism",
            "Two more soldiers are killed in Varno, bringing the death toll to 163 since U.S. strikes began in March.",
            (2, None),
        ),
        ("totals.initialism", "A U.S. drone strike kills four militants near Tarrow, officials say.", (4, None)),
    ],
)
def test_wire_summary_appositions_and_additions(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    assert _totals(extractor, body) == want, rule

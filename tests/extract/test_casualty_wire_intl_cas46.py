"""Casualty language of wire crime and international attack news (issue 18, cas46): one passage per rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and places too); none
is taken from a labelled, shared or pooled set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # fate.injured.wound_one: one person's injury in the singular, with a severity word
        (
            "fate.injured.wound_one",
            "A deputy was shot dead in Tarrow on Friday. Another deputy suffered a minor injury at the scene.",
            (1, 1),
        ),
        (
            "fate.injured.wound_one",
            "A guard received a serious head wound when inmates rioted at the Kesra jail.",
            (None, 1),
        ),
        (
            "fate.injured.wound_one",
            "A police officer suffered a gash to his head during the protest in Orlan.",
            (None, 1),
        ),
        # ... not a player's injury told by the part of the body alone
        ("fate.injured.wound_one", "The striker suffered a knee injury in training in Brenn.", (None, None)),
        # fate.injured.hit_thrown: hit by something thrown or swung in a riot or an assault
        ("fate.injured.hit_thrown", "A police officer was struck by a rock during the clashes in Tamo.", (None, 1)),
        ("fate.injured.hit_thrown", "Two officers were hit by rocks thrown from a rooftop in Brenn.", (None, 2)),
        (
            "fate.injured.hit_thrown",
            "A shopper was hit over the head with a bottle outside a store in Orlan, police said.",
            (None, 1),
        ),
        ("fate.injured.hit_thrown", "A lorry was hit by rocks thrown from a bridge near Tamo.", (None, None)),
        ("fate.injured.hit_thrown", "The batter was hit by a pitch in the third inning in Kesra.", (None, None)),
        # victim.new_hurt_after_dead: "a <noun>" hurt after a dead person told by another noun is someone else
        (
            "victim.new_hurt_after_dead",
            "Youths rioted in Orlan after the fatal shooting of a teenager by police. A police officer was "
            "injured when a brick hit him.",
            (1, 1),
        ),
        (
            "victim.new_hurt_after_dead",
            "A teenager was shot dead by police in Orlan. The teenager was hit in the chest, a witness said.",
            (1, None),
        ),
        # count.object_and: a named or definite object of a fate verb and the count of its companions
        ("count.object_and", "A drone strike near Tamo killed Abu Karim and four of his aides.", (5, None)),
        (
            "count.object_and",
            "The strike killed Abu Karim, a senior commander, and four of his aides, officials in Tamo said.",
            (5, None),
        ),
        ("count.object_and", "A drone strike killed the commander and his two sons near Brenn.", (3, None)),
        ("count.object_and", "Soldiers killed Abu Karim and arrested four of his aides in Kesra.", (1, None)),
        # fate.killed.verb: "martyred" is how much of the region's press says killed
        (
            "fate.killed.verb",
            "Five soldiers were martyred and three others injured in an attack near Tamo, the army said.",
            (5, 3),
        ),
        ("fate.killed.verb", "The martyred leader was honoured by thousands in Tamo on Friday.", (None, None)),
    ],
)
def test_wire_intl_language(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    """Each passage gives the totals its rule says (killed, injured)."""
    assert _totals(extractor, body) == want, rule

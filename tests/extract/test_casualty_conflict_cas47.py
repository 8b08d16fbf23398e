"""Casualty constructions of conflict news seen once each by earlier rounds (issue 18, cas47): one passage per rule.

Each case names the rule id or lexicon id it protects. The passages are invented (names and places too); none
is taken from a labelled, shared or pooled set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # victim.agent_both: "both" opens the object, so the subject before the fate verb is its agent
        (
            "victim.agent_both",
            "Gunmen killed both Karim Said Osman and his brother on Tuesday near Tamo, police said.",
            (2, None),
        ),
        ("victim.agent_both", "Attackers killed both guards at the checkpoint outside Brenn.", (2, None)),
        # ... a headline's perpetrator with no object is still the one killed
        ("victim.agent_both", "Gunman killed in shootout with police in Kesra", (1, None)),
        # count.pair: "both" before a named person and their relative
        (
            "count.pair",
            "Soldiers shot dead both Nadia Farouk Haddad and her son at a roadblock in Orlan.",
            (2, None),
        ),
        # victim.object.named: the object of an injury verb beside a killed count is injured, not among the dead
        (
            "victim.object.named",
            "A gunman opened fire at the market in Tamo, killing two people and injuring officer Peter Lund "
            "before fleeing, police said.",
            (2, 1),
        ),
        (
            "victim.object.named",
            "The bomb killed three soldiers and wounded commander Ivo Marten near Brenn.",
            (3, 1),
        ),
        # ... one only said to be "shot" is still among the dead while the toll has room
        ("victim.object.named", "Two people were killed in Kesra. Police said a gunman shot Ana Brel.", (2, None)),
        # count.possessed: the counted people own the deaths
        (
            "count.possessed",
            "Officials in Tamo confirmed 18 children's deaths after the shelling of the camp.",
            (18, None),
        ),
        ("count.possessed", "The agency blamed the militia for 40 villagers' deaths in Orlan last week.", (40, None)),
        ("count.possessed", "The ministry reported the deaths of 18 children in the shelling of Brenn.", (18, None)),
        ("count.possessed", "The 12 children's parents marched through Kesra on Sunday.", (None, None)),
        # described named victims after "both" (cas44 rules, kept by cas47)
        (
            "victim.object.named",
            "An airstrike killed both the group's commander Abu Karim Haddad and its spokesman Samir Nabil Yassin.",
            (2, None),
        ),
        (
            "victim.subject.coordinated",
            "Both the group's commander Abu Karim Haddad and its spokesman Samir Nabil Yassin were killed in the "
            "strike near Tamo.",
            (2, None),
        ),
    ],
)
def test_conflict_language(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    """Each passage gives the totals its rule says (killed, injured)."""
    assert _totals(extractor, body) == want, rule


@pytest.mark.parametrize(
    "body",
    [
        "Gunmen killed both Karim Said Osman and his brother on Tuesday near Tamo, police said.",
        "Attackers shot dead both Nadia Farouk Haddad and her son at a roadblock in Orlan.",
    ],
)
def test_agents_before_both_are_not_victims(extractor: Extractor, body: str) -> None:
    """victim.agent_both: the gunmen before "killed both ..." did the killing; none of the dead is a perpetrator."""
    killed = extractor.extract(body, None).casualty_totals["killed"]
    assert killed is not None and (killed.count_min, killed.perpetrators) == (2, 0)

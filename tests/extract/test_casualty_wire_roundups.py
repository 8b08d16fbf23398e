"""Casualty language of unlabelled international wire and round-up news (issue 18, cas30): one passage per rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and places
too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # filler.count / filler.victim: a raising verb between the group and its fate ("are reported to be killed")
        (
            "filler.count",
            "At least 23 villagers are reported to be killed in floods across the north of Varnel.",
            (23, None),
        ),
        ("filler.count", "Nine miners are believed to have been killed in the collapse near Tarrow.", (9, None)),
        (
            "filler.victim",
            "The army says rebel commander Idris Malo was killed in a strike near Brenn. Another rebel commander, "
            "Samir Oda, is said to have been killed in a separate strike in the south.",
            (2, None),
        ),
        # cue.statistic: a toll "throughout the war" is the war's running tally, not the day's news
        (
            "cue.statistic",
            "At least 40 people are killed by shelling across Varnel in the past day, bringing the death toll "
            "to 31,200 throughout the war.",
            (40, None),
        ),
        # count.coordinated: a list of three figures joined by commas and "and" names three disjoint groups
        (
            "count.coordinated",
            "Nine police officers, three bystanders and 14 gunmen are killed in a shootout at the port of Tarrow.",
            (26, None),
        ),
        # fate.injured.verb: people burnt in a blast are injured; "burned to death" stays killed
        (
            "fate.injured.verb",
            "At least 12 people are killed and 30 others are severely burnt in an explosion at a chemical plant "
            "in Brenn.",
            (12, 30),
        ),
        ("fate.injured.verb", "Four farm workers were burned to death when a barn caught fire near Orlan.", (4, None)),
        # cue.statistic: "every day since the death of X" is how long unrest has lasted, not a rate
        (
            "cue.statistic",
            "Protesters have clashed with police in Orlan every day since the killing of a 17-year-old student, "
            "leaving at least 40 people injured.",
            (1, 40),
        ),
        # cue.background.relative: a weekday after "last" dates an earlier incident told for context
        (
            "cue.background.relative",
            "A drone attack on the airport at Tamo injures four workers. Police say the same cell carried out "
            "the bombing in Brenn that injured 30 others last Tuesday.",
            (None, 4),
        ),
        # victims: a name whose age fits the plain description of a person police killed is that person
        (
            "victim.object.named",
            "Varnel was quiet on Sunday after a week of riots sparked by the police killing of a teenager. "
            "Youths have marched every day since the death of 16-year-old Tomas Reyl.",
            (1, None),
        ),
        ("cue.statistic", "Two soldiers die every week in the mountains of Varnel, the report says.", (None, None)),
        # totals: a round-up line whose country is named only inside an organisation's name is its own item
        (
            "totals.roundup_country_name",
            "Six people are killed in a fire at a textile mill in Kesra, Orlan Province, Varnelia.\n"
            "Two people are killed when a bus overturns near Tamo, Brenn District, Kenya.\n"
            "The Uganda Red Cross reports 17 deaths in floods over the past week.",
            (25, None),
        ),
    ],
)
def test_wire_roundup_language(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    """Each passage gives the totals its rule says (killed, injured)."""
    assert _totals(extractor, body) == want, rule

"""Casualty language of wire crime and disaster news (issue 18, cas31): one passage per rule.

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
        # count.others: a bare "others" hurt with no number is a vague quantity, counted like "several" (3)
        (
            "count.others",
            "A strong tremor shook Tamo at noon, killing at least four people and injuring others.",
            (4, 3),
        ),
        ("count.others", "Two climbers died and others were hurt when the ice shelf above Brenn gave way.", (2, 3)),
        (
            "count.others",
            "Nine people were killed and 14 others were injured when a lorry hit a bus near Orlan.",
            (9, 14),
        ),
        # ... not "the others" (the rest of a group already told) and not "many others" (no best integer)
        ("count.others", "Six miners were killed in the blast at Kesra. The others were hurt by smoke.", (6, None)),
        # count.pair: a named person and his or her relative or companion are two people
        ("count.pair", "Ivo Marten and his wife were stabbed to death in their farmhouse near Tarrow.", (2, None)),
        (
            "count.pair",
            "Ana Brel, 71, and her sister, 68, were found dead at their home in Orlan on Sunday.",
            (2, None),
        ),
        ("count.pair", "Police say a neighbour killed Teo Lask and his son after an argument in Brenn.", (2, None)),
        ("count.pair", "Ivo Marten and his wife were honoured by the town of Tarrow on Friday.", (None, None)),
        # cue.tally: deaths "since the ceasefire" (or truce) are the period's tally, not the day's news
        (
            "cue.tally",
            "The rebels say 90 civilians have been killed by army shelling since the ceasefire. A soldier was "
            "killed in a clash near Brenn on Monday.",
            (1, None),
        ),
        ("cue.tally", "A soldier was killed near Brenn on Monday, the first death since the truce.", (1, None)),
        # fate.injured.verb: a person badly beaten, or beaten unconscious or with a weapon, is hurt
        ("fate.injured.verb", "A prison guard was severely beaten by two inmates in Kesra on Saturday.", (None, 1)),
        ("fate.injured.verb", "Teo Lask was beaten with an iron bar outside a bar in Tamo, police said.", (None, 1)),
        ("fate.injured.verb", "The defending champion was beaten in the second round in Orlan.", (None, None)),
        # filler.count / filler.victim: a manner adverb between the auxiliary and the fate
        ("filler.victim", "A shopkeeper was brutally beaten to death in Tarrow on Monday night.", (1, None)),
        ("filler.count", "Three farmers were savagely killed in an attack on Kesra village.", (3, None)),
        # cue.background.relative: "last year" or "N years ago" after a figure dates an earlier incident
        (
            "cue.background.relative",
            "At least nine people were killed when a quake struck Kesra island. A quake near Tamo killed 300 "
            "people last year.",
            (9, None),
        ),
        (
            "cue.background.relative",
            "Since the outbreak began in May of last year, 300 people have died in Orlan.",
            (300, None),
        ),
        # person.noun: role nouns of police and trades (deputy, detective, mechanic) name people
        (
            "person.noun",
            "A sheriff's deputy was shot and killed while serving a warrant in Tarrow on Friday.",
            (1, None),
        ),
        # totals.agent_named: the toll's subject is the perpetrator by his role, told dead in another sentence
        (
            "totals.agent_named",
            "Police shot dead a man who opened fire in a bar in Brenn. The gunman had killed two customers "
            "before officers arrived.",
            (3, None),
        ),
        (
            "totals.agent_named",
            "A man was shot dead by police in Brenn. The suspect had wounded a woman at a bus stop.",
            (1, 1),
        ),
        # victims.earlier_other: "<a day> after another <person> died" is an earlier death told for context
        (
            "victims.earlier_other",
            "A British climber died after a fall of 400m in the Tarrow range, two days after another climber "
            "died on a ridge nearby.",
            (1, None),
        ),
        (
            "victims.earlier_other",
            "A soldier was killed by a mine near Tamo on Monday, a day after another soldier died in a clash there.",
            (1, None),
        ),
        # totals.running_clause: a tally read after a figure ends where a participle adds it to a running total
        (
            "totals.running_clause",
            "Seven miners died in the blast at Kesra, bringing the number of mining deaths this year to 61.",
            (7, None),
        ),
        ("cue.statistic", "Nineteen miners have died in accidents in Kesra so far this year.", (None, None)),
        # numbers: a range counts its upper figure (like "up to"), a hyphenated range too
        ("count.right", "Clashes in the hills of Varnel left 30-40 people dead on Sunday.", (40, None)),
        ("count.right", "Officials said 20 to 25 people were injured when the stand collapsed in Brenn.", (None, 25)),
        ("count.right", "Two people died in the crash on the M-25 near Tamo; the score had been 3-1.", (2, None)),
        # numbers: "dozens" is at least two dozen, the guide's best integer 24
        ("count.right", "A bomb exploded in a market in Orlan, killing five people. Dozens were injured.", (5, 24)),
    ],
)
def test_wire_clause_language(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    """Each passage gives the totals its rule says (killed, injured)."""
    assert _totals(extractor, body) == want, rule

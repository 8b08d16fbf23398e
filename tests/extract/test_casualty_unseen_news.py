"""Casualty language of unseen wire and international news: one hand-written passage per rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and places
too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "title", "body", "want"),
    [
        # cue.dateline: a clock time with am/pm after a year is the page's timestamp, not a date of the figure
        (
            "cue.dateline",
            None,
            "Tue Mar 3, 2015 4:05pm GMT Two people were killed when a gas tank exploded at a market in Tarrow.",
            (2, None),
        ),
        # totals.title_count: the headline's count holds the victims a follow-up's body names one by one
        (
            "totals.title_count",
            "Judge sentences the man who killed three people in a Tarrow bank raid",
            "Ed Voss was sentenced on Friday to life in prison. He shot and killed the bank manager, Ann Lore, "
            "during the raid.",
            (3, None),
        ),
        # totals.title_count: the headline's larger count wins over the body's smaller one (guide rule 7)
        (
            "totals.title_count",
            "Storm kills five in Tarrow",
            "Three people were killed when a roof fell in Tarrow on Friday.",
            (5, None),
        ),
        # totals.title_count: a body count as large as the headline's stays
        (
            "totals.title_count",
            "Two dead after a storm hits Tarrow",
            "Two people were killed when a roof fell in Tarrow on Friday. Three others were injured.",
            (2, 3),
        ),
        # cue.background.year_after: a year after the figure in its own clause dates it
        (
            "cue.background.year_after",
            None,
            "A strong earthquake struck Varnel on Sunday, killing 12 people. A quake killed more than 4,000 in "
            "the town of Orlan in 2006, and 300 died in Tarrow a year later.",
            (12, None),
        ),
        # numbers: a thousands separator followed by a space, as tokenised wire text writes it
        (
            "cue.background.year_after",
            None,
            "The storm killed 7 people in Varnel on Friday. A cyclone killed more than 3, 500 there in 2007.",
            (7, None),
        ),
        # person.noun: an agent in a list of the dead
        (
            "person.noun",
            None,
            "Voss was convicted of murdering a judge, a clerk, a guard and a federal agent at the Tarrow courthouse.",
            (4, None),
        ),
        # exclusion.not_victim_head: dead fish are not casualties
        (
            "exclusion.not_victim_head",
            None,
            "More than 300 dead mullet washed up on the Tarrow shore on Monday.",
            (None, None),
        ),
        # filter.later_died: an injured count of one person who later died is that person, killed only
        (
            "filter.later_died",
            None,
            "A police chase in Tarrow ended in a crash that left a man in critical condition, police said. "
            "He later succumbed to his injuries.",
            (1, None),
        ),
        # cue.source.unofficial: a group's figure yields to the officials' one (guide rule 11)
        (
            "cue.source.unofficial",
            None,
            "Officials said 30 people died in the blast at the Varnel market. The group said 45 were killed.",
            (30, None),
        ),
        # totals.agent_killed: the toll's agent, killed himself later, is not among his victims
        (
            "totals.agent_killed",
            None,
            "A gunman killed four people at a Tarrow school on Friday. He was shot dead by police.",
            (5, None),
        ),
        ("totals.agent_killed", None, "A gunman killed four people at a Tarrow school on Friday and fled.", (4, None)),
        # cue.attacker_suicide: 'turning the gun on himself', 'committing suicide'
        (
            "cue.attacker_suicide",
            None,
            "A man killed three people at a Tarrow office, including his wife, before turning the gun on himself.",
            (4, None),
        ),
        # filler.count: 'found' between the count and its fate
        ("filler.count", None, "Two men were found shot to death in a Tarrow apartment on Monday.", (2, None)),
        # fate.injured.care: 'in hospital' as a count's fate, also inside a quote
        (
            "fate.injured.care",
            None,
            '"Three people are dead and two more are in hospital," the sheriff of Tarrow said.',
            (3, 2),
        ),
        ("fate.injured.care", None, "Three people died in hospital after the crash near Tarrow.", (3, None)),
        # count.and_person: one more described person after a counted object
        (
            "count.and_person",
            None,
            "A man opened fire at his home in Tarrow, killing his three young children and his wife, police said.",
            (4, None),
        ),
        ("count.and_person", None, "The storm killed 4 people and a man is missing.", (4, None)),
        # cue.claim: claiming responsibility is no claim about the toll; a claim ends with its clause
        (
            "cue.claim",
            None,
            "A militant group claimed responsibility for the bombing in Varnel that killed 12 people.",
            (12, None),
        ),
        (
            "cue.claim_clause_end",
            None,
            "Rebels said they had killed 30 soldiers, but the army said five soldiers died in the Varnel raid.",
            (5, None),
        ),
        # cue.background.separate: the incident a superlative is measured against is background
        (
            "cue.background.separate",
            None,
            "A car bomb killed 6 people in Varnel on Monday, the deadliest attack since a bombing in March that "
            "killed 80.",
            (6, None),
        ),
        # filler.count: a relative clause before a passive or intransitive fate ("the four firefighters who died")
        (
            "filler.count",
            None,
            "The funeral was held on Saturday for the four firefighters who died in the blaze at a Tarrow warehouse.",
            (4, None),
        ),
        ("filler.count", None, "Police are looking for two men who killed a shopkeeper in Tarrow.", (1, None)),
        # count.elided: "and another wounded" with its auxiliary elided after a coordination
        (
            "count.elided",
            None,
            "A man was shot and killed and another wounded outside a Tarrow bar on Sunday.",
            (1, 1),
        ),
        ("count.elided", None, "Another wounded soldier was flown from Varnel to Tarrow on Sunday.", (None, None)),
        # filter.age_apposed: an age set off by commas after its person is no count
        ("filter.age_apposed", None, "A boy, 7, was killed inside a parked car in Tarrow.", (1, None)),
        ("filter.age_apposed", "Tarrow Girl, 4, Dies After Being Shot", "The girl died on Sunday.", (1, None)),
        ("filter.age_apposed", None, "Ed Voss, 18, was found dead in Tarrow on Monday.", (1, None)),
        ("filter.age_apposed", None, "In Tarrow, 12 people were killed on Sunday.", (12, None)),
        # cue.background.year_after: a season of a year dates the figure after it
        (
            "cue.background.year_after",
            None,
            "Tom Rees was shot and killed on Sunday. It happened at the complex where a gunman killed three men at "
            "a party in the summer of 2012.",
            (1, None),
        ),
    ],
)
def test_unseen_news_language(
    extractor: Extractor, rule: str, title: str | None, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body, title) == want, rule

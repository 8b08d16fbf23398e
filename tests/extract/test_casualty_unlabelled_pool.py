"""Casualty language of unlabelled local and outbreak news (issue 18): one hand-written passage per rule.

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
        # a bare "die" after one person is an infinitive ("see their child die"), not a death
        (
            "victim.subject.described",
            "Parents aren't supposed to see their child die, the mother told the crowd at the Tarrow fundraiser.",
            (None, None),
        ),
        ("count.singular_right", "A man died when his car hit a tree on Route 9 near Brenn, police said.", (1, None)),
        # cue.outbreak_agent: an outbreak's own toll over months is the news, not a tally
        (
            "cue.outbreak_agent",
            "Officials in Orlan issued an alert on Thursday after an outbreak of cholera killed over 60 people "
            "in the last five months. Brenn province reported 45 deaths.",
            (60, None),
        ),
        (
            "cue.outbreak_agent",
            "A cholera outbreak in the southern province of Varnel has killed almost 500 people since August, "
            "the ministry said. It counted 484 deaths.",
            (500, None),
        ),
        # cue.subgroup.partitive: a part of a statistic is a statistic; a part of a number of passengers counts
        (
            "cue.subgroup.partitive",
            "Over the past five years, 851 people lost their lives in road crashes during the holiday weekend. "
            "Out of that number, 327 were killed in crashes that involved a drunk driver, the statement said.",
            (None, None),
        ),
        (
            "cue.subgroup.partitive",
            "A bus with forty passengers on board overturned near Tarrow on Monday. Of those, 12 died, police said.",
            (12, None),
        ),
        # victim.subject.named: a name after "to" is where someone was taken, not a second victim
        (
            "victim.subject.named",
            "A trooper shot a driver during a traffic stop in Tarrow last week. Ed Voss, 42, was taken to "
            "Mercy General Brenn in stable condition.",
            (None, 1),
        ),
        # totals: an obituary's funeral does not make the family's dated death the news
        (
            "filter.natural_death",
            "Ms. Ann Voss died Saturday of complications from a stroke. She was 85. After her husband died in 1992, "
            "she ran the bakery in Tarrow alone. Her funeral will be held Friday.",
            (None, None),
        ),
        # victim.subject.described: a long relative clause between the victim and the fate
        (
            "victim.subject.described",
            "The gunman shot a man near Main Street in Tarrow on Monday, police said. The victim, whose name was "
            "being withheld pending notification of relatives, later died at a hospital.",
            (1, None),
        ),
        # filler.victim, filler.count: "recently" between a person and the fate
        (
            "filler.victim",
            "Health officials warned visitors to stay away from caves near Tarrow after a tourist visiting the "
            "region was recently killed by the fever.",
            (1, None),
        ),
        # count.elided: "another who was injured" is one more injured person
        (
            "count.elided",
            "Police in Tarrow are investigating the death of a 16-year-old who was killed and another who was "
            "injured early Sunday after a party.",
            (1, 1),
        ),
        # cue.outbreak_news, cue.hospital_stay: in outbreak news, people in hospital are cases, not injured
        (
            "cue.hospital_stay",
            "Regulators warned shoppers about melons from a Varnel grower after a salmonella outbreak in six "
            "states. Fifty people became ill after eating the fruit. As of Monday fourteen people had been "
            "hospitalized.",
            (None, None),
        ),
        ("cue.hospital_stay", "A bus overturned near Tarrow on Monday. Fourteen people were hospitalized.", (None, 14)),
        # totals.toll_update (cue.toll.update): a toll that rises is today's news in a round-up, even when its own
        # phrase dates the incident; a relative date outside a toll still makes an earlier incident
        (
            "totals.toll_update",
            "Three people are killed when a bus overturns on a mountain road in Peru.\n"
            "The death toll from the floods earlier this week in Kenya rises to 56.",
            (59, None),
        ),
        (
            "totals.toll_update",
            "Three people are killed when a bus overturns on a mountain road in Peru.\n"
            "The death toll of the ferry that capsized four days ago off Indonesia rises to seven. "
            "Four others are still missing.",
            (10, None),
        ),
        (
            "filter.background.relative",
            "Three people are killed when a bus overturns on a mountain road in Peru.\n"
            "A bomb killed 12 people in Kenya four days ago.",
            (3, None),
        ),
        # fate.killed.object_person: the present tense of wire summaries and headlines names one dead person
        ("victim.object.named", "A drone strike kills senior militia commander Ravi Dostan near Keshet.", (1, None)),
        ("victim.object.described", "An air raid kills a rebel field commander in the hills near Orlan.", (1, None)),
        # victim.object.named: an organisation's acronym before the role word is part of the title
        (
            "victim.object.named",
            "The ministry confirms the death of NLF spokesman Amir Talen in a strike on his convoy near Varnel.",
            (1, None),
        ),
        ("fate.killed.object_person", "The senate kills a bill that would have raised the tax on fuel.", (None, None)),
        # count.fatal_cases (cue.fatal_cases): an outbreak's deaths told as cases that were fatal; the whole they
        # are taken from ("of the four cases") is no figure
        (
            "count.fatal_cases",
            "At least four new cases of the resistant strain were found at Orlan General. Three of the four cases "
            "were fatal, but the patients also had severe illnesses, the ministry said.",
            (3, None),
        ),
        (
            "count.fatal_cases",
            "Tarrow has had two fatal cases of the fever this week, the health board said.",
            (2, None),
        ),
        # filter.numbered_name (exclusion.numbered_name): the number of a school, a channel, a route is a name
        (
            "filter.numbered_name",
            "A nine-year-old girl died of the flu in Brenn on Saturday. At least one other child from School 59 "
            "is reported to be in critical condition.",
            (1, 1),
        ),
        ("filter.numbered_name", "A man was shot on Highway 61 near Brenn on Friday and died at the scene.", (1, None)),
        # victim.one_more_hurt: an injured "one person" after the dead is someone else, not one of them
        (
            "victim.one_more_hurt",
            "Four people died in a stampede at a club in Tarrow on Saturday. Three schoolgirls and a 30-year-old "
            "man died in the crush, one person was rushed to hospital, police said.",
            (4, 1),
        ),
        # cue.follow_up: a reward for information on an unsolved killing makes the dated killing the news
        (
            "cue.follow_up",
            "The reward in the June 2007 murder of a Tarrow man has been raised to $5,000. On June 1, 2007, Ed "
            "Voss, 51, was found inside his home. Voss had been shot once in the head, the sheriff said.",
            (1, None),
        ),
        (
            "cue.follow_up",
            "A $1,000 reward is offered for information in the killing of a farmhand near Tarrow. In 2019, two "
            "farmhands were killed in a fire at the same farm.",
            (2, None),
        ),
        # cue.follow_up: a reward with no killing word in its sentence is no killing's aftermath
        (
            "cue.follow_up",
            "A $1,000 reward is offered for information on a tractor stolen from a farm near Tarrow on Monday. "
            "In 2019, two farmhands were killed in a fire at the same farm.",
            (None, None),
        ),
        (
            "cue.follow_up",
            "A reward of $500 has been offered for a missing hiker last seen near Tarrow. In 2019, two hikers "
            "were killed by a rockslide on the same trail.",
            (None, None),
        ),
        # victim.conditional (cue.conditional_subject): a death that is a condition has not happened
        (
            "victim.conditional",
            "One client had terminal cancer, and the lawyer had to ask her who would raise her daughter once she died.",
            (None, None),
        ),
        (
            "victim.conditional",
            "Doctors fear the boy could lose his leg if he is shot again, his mother said.",
            (None, None),
        ),
        # cue.conditional_once: "once" with a past verb alone is "after", a death; with a fate to come, a condition
        ("victim.subject.described", "Once she died, her family sued the clinic in Brenn.", (1, None)),
        ("victim.subject.named", "Once Ann Voss died, her family sued the clinic in Brenn.", (1, None)),
        ("victim.conditional", "Once Ann Voss dies, her family will sue the clinic in Brenn.", (None, None)),
        ("victim.conditional", "Her family fears what will happen to the farm once she has died.", (None, None)),
        # filter.negation: a negated number of fatal cases tells nobody; the cases that were fatal still count
        (
            "filter.negation",
            "Health officials in Brenn said on Monday that none of 12 cases were fatal.",
            (None, None),
        ),
        (
            "filter.negation",
            "Health officials in Brenn said on Monday that not one of 12 cases was fatal.",
            (None, None),
        ),
        (
            "count.fatal_cases",
            "Health officials in Brenn said on Monday that two of the 12 cases were fatal.",
            (2, None),
        ),
        ("count.fatal_cases", "In 2003, 12 of the cases were fatal.", (None, None)),
    ],
)
def test_unlabelled_news_language(extractor: Extractor, rule: str, body: str, want: tuple) -> None:
    """Each passage gives the totals its rule says (killed, injured)."""
    assert _totals(extractor, body) == want, rule

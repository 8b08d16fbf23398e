"""Casualty language of kinds of news the labelled sets hold few or no examples of (issue 18, cas32).

Each case names the lexicon id or rule id it protects. The passages are invented (names and places
too), written by class of language, with variations; none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # victim.subject / count.singular_right: "X shot dead <object>" is X's act, like "X shot and killed"
        ("victim.agentive", "A gunman shot dead three people at a bank in Brenn on Monday.", (3, None)),
        ("victim.agentive", "Two gunmen shot dead three people at a bank in Brenn on Monday.", (3, None)),
        ("victim.agentive", "Two gunmen gunned down three people at a bank in Brenn on Monday.", (3, None)),
        ("victim.agentive", "A soldier shot dead a colleague at a base in Kesra on Monday.", (1, None)),
        ("victim.agentive", "A gunman was shot dead by police in Brenn on Monday.", (1, None)),
        ("victim.agentive", "Two gunmen were shot dead by police in Brenn on Monday.", (2, None)),
        # cue.ordinal_apposition: the closing ordinal numbers the news; the sentence's victims stay the news
        (
            "cue.ordinal_apposition",
            "A man was shot dead in Brenn on Saturday, the city's 40th homicide this year.",
            (1, None),
        ),
        (
            "cue.ordinal_apposition",
            "Two men were shot dead in Brenn on Saturday, the city's 40th and 41st homicides this year.",
            (2, None),
        ),
        (
            "cue.ordinal_apposition",
            "Two men were shot dead in Brenn on Saturday. Their deaths were the 40th and 41st homicides of the year.",
            (2, None),
        ),
        # cue.statistic: a perfect tense with "this year" is the year's tally, not the news
        (
            "cue.statistic",
            "Two police officers were shot dead in Kesra on Tuesday. At least 300 people have died in attacks in "
            "the province this year.",
            (2, None),
        ),
        # cue.attacker_suicide: "and then himself"
        (
            "cue.attacker_suicide",
            "A gunman opened fire in a school in Brenn, killing three students and then himself.",
            (4, None),
        ),
        (
            "cue.attacker_suicide",
            "A man killed his wife and then himself at their home in Brenn, police said.",
            (2, None),
        ),
        # count.group: two plural nouns joined by "and" are one group of victims
        ("count.group", "Twenty women and children died in the attack on Kesra.", (20, None)),
        (
            "count.group",
            "All 150 passengers and crew died when the plane crashed into a mountain near Kesra.",
            (150, None),
        ),
        ("count.group", "Twenty miners and rescue workers died in the blast at Kesra.", (20, None)),
        ("count.group", "Twenty soldiers and policemen were wounded in the attack on Kesra.", (None, 20)),
        ("count.group", "Two soldiers and 16 gunmen were killed in the clashes in Kesra.", (18, None)),
        ("count.group", "The attack on Kesra killed 12 villagers and wounded 30.", (12, 30)),
        # filter.athlete: a team's players hurt in a game are a sports injury, not casualties
        (
            "filter.athlete",
            "The Colts will be without three injured starters for Sunday's game against the Saints.",
            (None, None),
        ),
        (
            "filter.athlete",
            "Marten, who was hurt in the third quarter, had surgery on Monday. Two other players are also injured.",
            (None, None),
        ),
        ("filter.athlete", "Two players were hurt when the team bus crashed on the way to Brenn.", (None, 2)),
        (
            "filter.athlete",
            "Three fans and two players were injured when a stand collapsed at the stadium in Brenn.",
            (None, 5),
        ),
        # cue.natural_death: an obituary's death is no casualty
        (
            "cue.natural_death",
            "Bettie Vale, the pin-up model of the 1950s, died on Thursday in Brenn after suffering a heart attack. "
            "She was 85.",
            (None, None),
        ),
        (
            "cue.natural_death",
            "Ivo Marten, the FBI official who was Deep Throat, has died at 95. He died in his sleep at his home in "
            "Brenn, his grandson said.",
            (None, None),
        ),
        ("cue.natural_death", "Ivo Marten, 34, died at the scene after he was shot outside a bar in Brenn.", (1, None)),
        # sentence.title: a sentence split after a title abbreviation is undone
        (
            "sentence.title",
            "The deputy, Cynthia Hall, was beaten and hospitalised with head injuries. Lask then killed Judge Ivo "
            "Marten, court reporter Ana Brel, Sgt. Teo Vask and agent Dan Orel.",
            (4, 1),
        ),
        # filler.victim / filler.count: a first verb joined to the fate by "and"
        ("filler.victim", "The deputy was beaten and suffered head injuries.", (None, 1)),
        ("filler.count", "Five people were beaten and hospitalised after the match in Brenn.", (None, 5)),
        # fate.injured.wound_person: injury language beyond wounds
        ("fate.injured.wound_person", "A woman suffered a broken arm in the attack in Brenn.", (None, 1)),
        ("fate.injured.wound_person", "Police Chief Ivo Marten lost a leg in the blast.", (None, 1)),
        ("fate.injured.wound_person", "Ivo Marten, the police chief, lost both legs in the blast in Brenn.", (None, 1)),
        ("fate.injured.wound_person", "A 23-year-old man had his hand amputated after the blast in Brenn.", (None, 1)),
        ("fate.injured.wound_person", "A man was left paralysed after being shot in Brenn.", (None, 1)),
        ("fate.injured.wound_person", "A man remains in a coma after an assault in Brenn.", (None, 1)),
        ("fate.injured.wound_person", "A pedestrian was left with serious injuries after a crash in Brenn.", (None, 1)),
        ("fate.injured.wound_person", "A woman needed stitches after she was attacked in Brenn.", (None, 1)),
        # ... not a paralysis from illness
        ("fate.injured.wound_person", "Officials believed he was paralyzed following a stroke.", (None, None)),
        # fate.injured.object_person: beaten or hit in the face by someone
        ("fate.injured.object_person", "Lask beat a deputy guarding him and stole her gun.", (None, 1)),
        ("fate.injured.object_person", "Three men beat a teenager outside a shop in Brenn on Friday.", (None, 1)),
        ("fate.injured.object_person", "During the riot someone hit an officer in the face with a brick.", (None, 1)),
        ("fate.injured.object_person", "The Saints beat the Colts 31-17 on Sunday.", (None, None)),
        ("fate.injured.object_person", "The police beat back the crowd with batons.", (None, None)),
        # fate.killed.verb / .phrase: more ways to die
        ("fate.killed.verb", "Thirty villagers were slaughtered by gunmen in Kesra overnight.", (30, None)),
        ("fate.killed.verb", "Four miners suffocated after a fire broke out in a shaft at Kesra.", (4, None)),
        ("fate.killed.verb", "Three bank workers suffocated after rioters firebombed the branch in Brenn.", (3, None)),
        ("fate.killed.phrase", "Five people were burned alive when a mob set fire to their house in Kesra.", (5, None)),
        # cue.background.relative: the toll of last week's incident, updated today, is the news
        (
            "cue.background.relative",
            "Rescuers recovered 15 more bodies on Tuesday, raising the death toll from last Sunday's earthquake to 45.",
            (45, None),
        ),
        (
            "cue.background.relative",
            "The death toll from last week's floods in Varno rose to 45 on Tuesday.",
            (45, None),
        ),
        # cue.dateline: a date opening the text (month misspelt or not) or a wire dateline before "--" dates the page
        (
            "cue.dateline",
            "Novemer 27, 2005 A powerful earthquake hit southern Iran on Sunday, killing at least 10 people.",
            (10, None),
        ),
        (
            "cue.dateline",
            "Sept 3 2008 A powerful earthquake hit southern Iran on Sunday, killing at least 10 people.",
            (10, None),
        ),
        (
            "cue.dateline",
            "TEHRAN, Iran, Nov. 27, 2005 -- A powerful earthquake hit southern Iran on Sunday, killing 10 people.",
            (10, None),
        ),
        (
            "cue.dateline",
            "Sunday, November 27, 2005 A powerful earthquake hit southern Iran, killing at least 10 people.",
            (10, None),
        ),
        # cue.dateline_glued: a full date between a glued headline and the story; an ISO date; a date after a pipe
        (
            "cue.dateline_glued",
            "Iran quake kills 10 November 27, 2005 A powerful earthquake hit southern Iran, killing 10 people.",
            (10, None),
        ),
        (
            "cue.dateline",
            "2005-11-27 A powerful earthquake hit southern Iran on Sunday, killing at least 10 people.",
            (10, None),
        ),
        (
            "cue.dateline",
            "By Ana Brel, AP Writer | November 27, 2005 A powerful earthquake hit southern Iran, killing 10 people.",
            (10, None),
        ),
        (
            "cue.dateline_glued",
            "A quake hit Kesra on Monday, killing five. On November 27, 2005 Hurricane Lana killed 80 people there.",
            (5, None),
        ),
        # ... not a date inside the story, nor a timeline's entry before a colon
        (
            "cue.dateline",
            "A quake hit Kesra on Monday, killing five. On Nov. 27, 2005, a quake in the region killed 10 people.",
            (5, None),
        ),
        (
            "cue.dateline",
            "A quake hit Kesra on Monday, killing five. October 8, 2005: a quake in the region killed 80,000 people.",
            (5, None),
        ),
        (
            "cue.dateline",
            "A quake hit Kesra on Monday, killing five. In October 2005 a quake in the region killed 80,000 people.",
            (5, None),
        ),
    ],
)
def test_unseen_kinds_of_news(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule

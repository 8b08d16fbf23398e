"""Injured language of US local news pages: one hand-written passage per lexicon entry or rule.

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
        # exclusion.not_victim_head: a distance in blocks or yards is not a count of people shot
        (
            "exclusion.not_victim_head",
            "Dale Ortner was shot and killed on Tarrow Street. He lived about three blocks from where he was shot.",
            (1, None),
        ),
        (
            "exclusion.not_victim_head",
            "Dale Ortner was shot in the leg on Tarrow Street. He lived two blocks from where he was shot.",
            (None, 1),
        ),
        # fate.killed.phrase: "pronounced deceased" is "pronounced dead"
        (
            "fate.killed.phrase",
            "Police found a woman beside her car. Ms. Varna Leeds was later pronounced deceased at the hospital.",
            (1, None),
        ),
        # cue.later_died: shot, then pronounced dead in the same sentence = killed only
        (
            "cue.later_died",
            "The victim was identified as Omar Kessel. Kessel had been shot several times and was pronounced "
            "dead at the scene.",
            (1, None),
        ),
        # filter.later_died: a count of one taken to hospital, where the same person died, is the dead one
        (
            "filter.later_died",
            "Someone walked up to Ray Tolan on the sidewalk and shot him. The victim was taken to the hospital, "
            "where he died the next day.",
            (1, None),
        ),
        # cue.dateline: a year in a wire dateline's parentheses dates the page, not the figures
        (
            "cue.dateline",
            "TARROW, Ind. (Jan. 4, 2016) — A robbery left one person wounded and another injured on the east side.",
            (None, 2),
        ),
        # fate.injured.wound_person: "received non-life-threatening injuries", "suffered a cut"
        (
            "fate.injured.wound_person",
            "Two teens were shot and both died the next day. A third teenager received non-life-threatening injuries.",
            (2, 1),
        ),
        (
            "fate.injured.wound_person",
            "A 22-year-old man suffered a cut to his head during the fight outside a Tarrow diner.",
            (None, 1),
        ),
        # fate.injured.object_person: "accused of shooting" someone wounds him
        (
            "fate.injured.object_person",
            "A Tarrow man accused of shooting his wife on Friday is now in custody. Their children were not hurt.",
            (None, 1),
        ),
        # totals.others: "N others" after a figure of its kind in its sentence are more people
        (
            "totals.others",
            "Police say a 12-year-old boy is in critical condition after a shooting that wounded at least two "
            "others in Tarrow.",
            (None, 3),
        ),
        # fate.injured.shot: a person who shot himself in a limb or by accident is hurt, not dead
        ("fate.injured.shot", "A Tarrow man shot himself in the leg while cleaning his rifle on Sunday.", (None, 1)),
        (
            "fate.injured.shot",
            "A 4-year-old boy is going to be okay. The child accidentally shot himself with a handgun.",
            (None, 1),
        ),
        ("fate.injured.shot", "The gunman then shot himself in the head and died at the scene.", (None, None)),
        # filler.count: "listed" between the people and their condition
        (
            "filler.count",
            "One man was shot in the back and a 29-year-old man was shot in the chest. Both are listed in "
            "critical condition.",
            (None, 2),
        ),
        # fate.injured.care_person: a hospital visit for a medical clearance or an evaluation is no injury
        (
            "fate.injured.care_person",
            "A man fired shots into the air in Tarrow. The man was transported to the hospital for a medical "
            "clearance and then taken to jail.",
            (None, None),
        ),
        (
            "fate.injured.care",
            "Two men were taken to hospital for evaluation after the fire at a Tarrow warehouse.",
            (None, None),
        ),
        # person.noun: the people of a bar or a shop
        (
            "person.noun",
            "A waitress was shot in both legs outside a Tarrow bar on Sunday. She is awake and doing well.",
            (None, 1),
        ),
        # fate.injured.care_person: a victim who went to hospital on his own or arrived at one
        (
            "fate.injured.care_person",
            "Shots rang out on 5th Avenue. The 27-year-old victim went to Tarrow Hospital on his own and is "
            "expected to be okay.",
            (None, 1),
        ),
        # fate.injured.wound_person: "found ... with a gunshot wound", a place between
        (
            "fate.injured.wound_person",
            "Police say one man was shot and critically wounded. A second victim was found four blocks away at "
            "Elm and Market streets with a gunshot wound to the arm.",
            (None, 2),
        ),
        # victim.subject.named: "X reportedly shot Y once": X is the shooter, not a victim
        (
            "victim.subject.named",
            "Brenda Orland, 17, was charged with murder in the death of Goldie Lang. Orland reportedly shot Lang "
            "once in the head with a rifle.",
            (1, None),
        ),
        # person.kin: "the daughter" never refers back to "the mother"
        (
            "person.kin",
            "The mother was shot once in the chest during a robbery in a Tarrow hotel parking lot. The robber "
            "pistol-whipped the daughter. The daughter was taken to Tarrow Hospital Center to be checked out.",
            (None, 2),
        ),
        # victims: "a third victim" is a new person, never the victim before it
        (
            "victim.subject.described",
            "One man was killed. At least one more man was critically wounded. A third victim went to a "
            "hospital on his own, friends said.",
            (1, 2),
        ),
    ],
)
def test_local_injured_language(
    extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body) == want, rule


@pytest.mark.parametrize(
    ("rule", "title", "body", "want"),
    [
        # person.not_name: a scraped Title Case headline's "Fired During ...", "While Responding ..." is no name
        (
            "person.not_name",
            "Shot Fired During Tarrow Carjacking Attempt",
            "Shot Fired During Tarrow Carjacking Attempt « KTRW News Police said a homeowner went out to start "
            "the car on Friday. A shot was fired.",
            (None, None),
        ),
        # victim.subject.described: a headline's weekday after "shot" is no object
        (
            "victim.subject.described",
            "Woman shot Friday in the head outside Tarrow bar",
            "Woman shot Friday in the head outside Tarrow bar. Police said the woman is stable.",
            (None, 1),
        ),
        (
            "person.not_name",
            "Officer Shot While Responding To Fight In Tarrow",
            "Officer Shot While Responding To Fight In Tarrow: KTRW News An officer was shot in the ankle early "
            "Sunday.",
            (None, 1),
        ),
    ],
)
def test_local_injured_headlines(
    extractor: Extractor, rule: str, title: str, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body, title) == want, rule

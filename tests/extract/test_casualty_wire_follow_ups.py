"""Casualty language of wire crime and disaster copy read in unlabelled news: one hand-written passage per rule.

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
        # filler.victim: a hedge between a named victim and the fate
        ("filler.victim", "Police said Dario Venn probably died instantly after the shot in Tarrow.", (1, None)),
        # filler.count / filler.victim: "already" before the fate
        ("filler.count", "At least 40 people have already died in the floods around Varnel.", (40, None)),
        # person.noun + counts.MODIFIER: an initialism before a person noun is one modifier
        ("person.noun", "A U.N. peacekeeper was wounded when a mine exploded near Varnel.", (None, 1)),
        # counts._POSTMOD: a participle opens the postmodifier of one person before a passive verb
        (
            "count.singular_right",
            "A 35-year-old firefighter working on the roof of a Tarrow warehouse was killed on Friday.",
            (1, None),
        ),
        # cue.hypothetical: "there might have been" is a counterfactual
        (
            "cue.hypothetical",
            "The guard was shot in the arm. There might have been two people killed, the chief said.",
            (None, 1),
        ),
        # fate.killed.object: the agent between the killing and its victim
        (
            "fate.killed.object",
            "Riots spread across Varnel after the killing by police of a 15-year-old boy on Saturday.",
            (1, None),
        ),
        ("fate.killed.object", "The gunman was charged with gunning down Jon Tarrel outside his home.", (1, None)),
        # victims._other_object: two described objects with two fates in one sentence are two people
        (
            "victim.object.described",
            "A bomb exploded at a bank in Tarrow, killing a Tarrow police officer, and critically injuring the "
            "Tarrow police chief.",
            (1, 1),
        ),
        # victims._TRANSITIVE: "X shot and killed <object>" is X's act; X is not a victim
        (
            "victim.subject.named",
            "Outside the court in Tarrow, Ned Morrow shot and killed Ivo Marten on Friday.",
            (1, None),
        ),
        # count.pair: a role and a parent word with no determiner are one person
        ("count.pair", "He was charged in the slaying of the newlywed firefighter and father of two.", (1, None)),
        ("count.pair", "He was charged with the murder of his mother and sister in Tarrow.", (2, None)),
        # fate.killed.phrase / fate.injured.wound_person: fatal and non-fatal injuries
        ("fate.killed.phrase", "Two people sustained fatal injuries when the car hit a wall in Tarrow.", (2, None)),
        (
            "fate.injured.wound_person",
            "Police chief Ivo Marten received critical injuries and was flown to Tarrow.",
            (None, 1),
        ),
        # victims._introduced_beside: "a ..." in a sentence that names a victim is someone else
        (
            "victim.subject.described",
            "Officers Ana Pell and Jon Rusk were killed in the blast. Chief Ivo Marten was listed in critical "
            "condition and a female bank employee received minor injuries.",
            (2, 2),
        ),
        # counts._ASIDE: an aside between dashes after the victims
        ("count.right", "Three people — two women and a child — were killed in the blast in Varnel.", (3, None)),
        (
            "count.right",
            "Four people - one with broken bones, three with burns - are treated in nearby hospitals.",
            (None, 4),
        ),
        # filter.disease_toll (cue.disease): a disease's history toll with no place or day is not the news
        (
            "filter.disease_toll",
            "A farmer in Varnel has died of bird flu, officials said. H5N1, which has spread across Asia, Europe "
            "and Africa, has already killed about 100 people.",
            (1, None),
        ),
        (
            "filter.disease_toll",
            "Four pilgrims have died of swine flu in Orlan. The agency puts the current swine flu death toll at 6,750.",
            (4, None),
        ),
        ("filter.disease_toll", "Cholera has killed 40 people in Varnel this week, officials said.", (40, None)),
        # count.toll: a toll's earlier figure does not end the reach of its update
        ("count.toll", "The death toll of 12 from the ferry sinking off Tarrow rose to 15 on Monday.", (15, None)),
        ("count.toll", "The death toll from the sinking off Tarrow, initially 12, rose to 15 on Monday.", (15, None)),
        # counts._POSTMOD: a postmodifier holds no new subject
        ("count.left", "The storm killed 4 people in Tarrow and a man is missing.", (4, None)),
        # victims._surnames: a surname alone where the model missed it names the person it named in full
        (
            "victims._surnames",
            "Police named the officer as Jerry Ortiz, a father of two. Ortiz died instantly, a spokesman said.",
            (1, None),
        ),
        # fate.killed.noun / exclusion.group_stop: "<N> murder victims" are dead; "murder suspects" are not victims
        (
            "fate.killed.noun",
            "Relatives of the four murder victims spoke outside the Tarrow court after the sentence.",
            (4, None),
        ),
        ("fate.killed.noun", "Police arrested two murder suspects in Tarrow on Friday.", (None, None)),
        # victims._same_name: a pet form of the first name with the same surname is the same person
        (
            "victims._same_name",
            "The bodies of Alma Reed, 58, and Kathryn Jenkin, 20, were found in Tarrow. The university was sad to hear "
            "of the death of Katie Jenkin.",
            (2, None),
        ),
        # filter.later_died: "both" injured right after two people told dead are the wounds of the dead
        (
            "filter.later_died",
            "The bodies of Alma Reed, 58, and Kathryn Jenkin, 20, were found at a house in Tarrow on Saturday. "
            "Both had suffered head injuries.",
            (2, None),
        ),
        (
            "filter.later_died",
            "Two men, Ivo Marten and Jon Rusk, were shot and wounded in Tarrow. Both were taken to hospital.",
            (None, 2),
        ),
        # cue.attacker_killed: the attacker killed after his attack counts with the victims
        (
            "cue.attacker_killed",
            "A gunman kills three people at a school in Tarrow before he is shot dead by police.",
            (4, None),
        ),
        # cue.attacker_suicide: "killing four people and himself"
        (
            "cue.attacker_suicide",
            "A gunman opened fire at a mall in Tarrow, killing four people and himself.",
            (5, None),
        ),
        # totals: each round-up item's toll has its own attackers; an item that is itself the attackers' toll
        # adds none to another item
        (
            "totals.item_attackers",
            "Seven soldiers are killed when a bomb hits their convoy in Orlan, Kestria.\n"
            "Five gunmen are killed in a clash between cartels in Tarrow, Varnland.",
            (12, None),
        ),
        (
            "totals.item_attackers",
            "A gunman kills three people at a school in Tarrow, Varnland, before being shot dead by police.\n"
            "A bus crash in Orlan, Kestria, kills 12 people.",
            (16, None),
        ),
        (
            "totals.item_attackers",
            "A suicide bomber blew himself up at a market in Orlan, Kestria, killing 14 people.\n"
            "A flood in Tarrow, Varnland, kills 5.\nA fire in Derrow, Lusland, kills 3.",
            (23, None),
        ),
    ],
)
def test_wire_follow_up_language(
    extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body) == want, rule

"""Casualty language beyond local US crime pages: one hand-written passage per lexicon entry or rule.

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
        # exclusion.not_victim_head: animals are not casualties
        (
            "exclusion.not_victim_head",
            "At least 60 pigs died on three farms near Varnel after the outbreak.",
            (None, None),
        ),
        # cue.tally: a cumulative tally beside the news is not the news
        (
            "cue.tally",
            "At least 80 people have died of the fever in Orlan since April. Four died this week.",
            (4, None),
        ),
        # cue.tally: a toll from a kind of event ("drownings"), not from one event, is a tally
        (
            "cue.tally",
            "The death toll from drownings over the holiday across Moldavia rises to eight after a swimmer "
            "dies off Kestrela beach.",
            (1, None),
        ),
        # count.elided: one more person whose noun is left out; a plural "a third were" is a fraction
        (
            "count.elided",
            "One miner was killed and another was taken to hospital after the roof fell in at Varnel.",
            (1, 1),
        ),
        ("count.elided", "Of the 90 passengers on the ferry to Kestrela, a third were injured.", (None, None)),
        # count.toll: a number inside a name stands between a toll and its figure
        (
            "count.toll",
            "The death toll of the capsized ferry Star Vela 7 off Kestrela rises to nine.",
            (9, None),
        ),
        (
            "cue.tally",
            "Gang violence has caused 1,900 deaths in the first seven months of this year. "
            "Two men were shot dead in Tarrow on Friday.",
            (2, None),
        ),
        ("cue.tally", "Health officials count more than 9,000 deaths worldwide from the new strain.", (None, None)),
        # cue.hypothetical: a projection has not happened
        (
            "cue.hypothetical",
            "Experts warned the virus has the potential of causing a pandemic resulting in millions of deaths.",
            (None, None),
        ),
        (
            "cue.hypothetical",
            "The bomb, which could have killed hundreds, killed 12 people at the station in Derrow.",
            (12, None),
        ),
        # fate.injured.care: treated for shock is not an injury
        (
            "fate.injured.care",
            "All 300 guests were evacuated from the hotel in Brenn; five of them were treated for shock.",
            (None, None),
        ),
        # fate.killed.object: 'the fatal shooting of', 'the body of', 'the assassination of'
        ("fate.killed.object", "Two men were arrested in the fatal shooting of a shop owner in Kelby.", (1, None)),
        (
            "fate.killed.object",
            "The body of Marta Vell, 61, and Jana Orrin, 48, were discovered in a flat in Hollin.",
            (2, None),
        ),
        ("fate.killed.object", "A court jailed a teenager over the assassination of Senator Ivo Marten.", (1, None)),
        # fate.killed.phrase: 'fell to his death'
        ("fate.killed.phrase", "A climber fell to his death from a ridge on Mount Ardel on Friday.", (1, None)),
        # person.noun: 'rabbi', 'director', '-ician'
        ("person.noun", "A rabbi is seriously injured in a stabbing in Lenfield.", (None, 1)),
        ("person.noun", "A bomb technician was killed when the device exploded in Carrow.", (1, None)),
        # cue.background.separate: 'a spate of violence which began with the fatal shooting of X'
        (
            "cue.background.separate",
            "A man was wounded in Orby on Thursday. Officials met to discuss the recent spate of violence, "
            "which began with the fatal shooting of Tom Reller.",
            (None, 1),
        ),
    ],
)
def test_casualty_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # count.pair: two described people as one plural subject or one object
        ("count.pair", "A police officer and a bomb technician were killed when the device exploded.", (2, None)),
        ("count.pair", "A bomb at a bank in Selby killed a police officer and a state bomb technician.", (2, None)),
        ("count.pair", "Aron Pell, 23, has been charged with the murder of his mother and sister.", (2, None)),
        ("count.pair", "He is accused of stabbing his mother and a former girlfriend to death.", (2, None)),
        ("count.pair", "A man and his dog were found safe after the storm.", (None, None)),
        # count.both: 'both' as the subject of a fate
        ("count.both", "Police found two men in the car. Both were pronounced dead at the scene.", (2, None)),
        (
            "count.both",
            "Two teens were shot outside a party in Wendel. Both teens were taken to a hospital, where they died.",
            (2, None),
        ),
        # count.multiple: a murder-suicide is the victim and the killer
        ("count.multiple", "Police in Harrow are investigating an apparent murder-suicide at a home.", (2, None)),
        ("count.multiple", "Four people are dead after a murder-suicide in Dunmore, police said.", (4, None)),
        # victim.subject.coordinated across a job title
        (
            "victim.subject.coordinated",
            "Police Capt. Tom Arrow and state Senior Trooper Willem Haak, both 51, died at the scene.",
            (2, None),
        ),
        # victim.object.described: 'stabbed his wife to death'
        ("victim.object.described", "In 2019 the man had stabbed his wife to death, records show.", (None, None)),
        ("victim.object.described", "The man stabbed his wife to death at their home on Friday.", (1, None)),
        # totals: coordinated figures are disjoint groups, summed
        ("totals.coordinated", "Two soldiers and 16 gunmen were killed in the battle.", (18, None)),
        ("totals.coordinated", "Police said two women and one man died at the bank.", (3, None)),
        # count.coordinated: an elided head noun is shared ("one Australian and one English climber")
        (
            "count.coordinated",
            "One Tarlish and one Venn climber have fallen to their deaths on Mount Ardel.",
            (2, None),
        ),
        ("count.coordinated", "The shelling killed two Orlan and three Dassic civilians near Brana.", (5, None)),
        ("count.coordinated", "Two male and three female students were injured when the roof fell.", (None, 5)),
    ],
)
def test_pairs_and_coordinated_groups(
    extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body) == want, rule


def test_round_up_items_with_only_a_victim_are_summed(extractor: Extractor) -> None:
    body = (
        "Orla Brenn, a 56-year-old pilot, was killed when her helicopter crashed near Lake Vessel, Colorado.\n"
        "Ten people are killed and several others are injured in a bus crash in Tollan Province, Peru."
    )
    assert _totals(extractor, body)[0] == 11


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # count.right: a number before an active multi-word fate verb with an object is the agent
        (
            "count.right",
            "Two constables shot and killed a 17-year-old in Darrow late on Friday, officials said.",
            (1, None),
        ),
        ("count.right", "Three officers fatally shot the suspect outside the depot in Velm.", (1, None)),
        ("count.right", "Three people were shot and killed outside the depot in Velm.", (3, None)),
        # filter.source (cue.source.official / cue.source.unofficial): officials win over a paper or a group
        (
            "filter.source",
            "Police said the crowd had dispersed with no injuries to officers or civilians "
            "(the Herald says four people were injured).",
            (None, 0),
        ),
        (
            "filter.source",
            "Health officials say 6 people have died of the fever in Larne. "
            "However, a report by the Clean Water Alliance (CWA) states that 52 have died.",
            (6, None),
        ),
        ("filter.source", "A report by the Clean Water Alliance states that 52 have died in Larne.", (52, None)),
        # cue.tally: a day-precise start is the incident's own running toll
        (
            "cue.tally",
            "Officials say 7 people have died of cholera in Brana since October 12.",
            (7, None),
        ),
        # totals.newcomer: an indefinite description after a victim of the same kind is a new person
        (
            "totals.newcomer",
            "A parcel bomb went off at a post office in Farrow. Postmaster Ilse Varga, 52, was injured. "
            "A male customer was treated at a hospital and released.",
            (None, 2),
        ),
        (
            "totals.newcomer",
            "A man was shot dead outside a bar in Keel on Friday. Police named him as Aldo Brinn, 30.",
            (1, None),
        ),
        # person.noun 'chief' / fate.injured.wound 'received ... injuries'
        (
            "person.noun",
            "Two officers were killed in the blast. The chief was critically injured and "
            "a cashier received minor injuries.",
            (2, 2),
        ),
        # grammar.YEAR_OLD: an age written as tokenised wire text is an age
        ("grammar.YEAR_OLD", "Officers shot and killed a 17 - year - old Brill Omen in Arden on Sunday.", (1, None)),
        # victims: a definite plain description refers back to the person police shot
        (
            "victim.merge.definite",
            "Two officers shot and killed a 17-year-old in Arden on Sunday. "
            "The teen was rushed to Arden General Hospital, where he later died.",
            (1, None),
        ),
        # cue.background.time: 'a year before' dates an earlier incident
        (
            "cue.background.time",
            "Police shot dead an armed man in Arden on Sunday. Less than a year before, an officer "
            "shot and killed an unarmed 19-year-old woman a few blocks away.",
            (1, None),
        ),
        # count.right: '18 more injured' ("more injured" read as a comparative by the tagger)
        ("count.right", "Two people are killed and 18 more injured in a shooting at a church in Brana.", (2, 18)),
        # exclusion.group_stop: a singular fate noun ends the quantity's noun phrase ('at least one death')
        ("exclusion.group_stop", "The outbreak in Tarrow has caused at least one death, officials said.", (1, None)),
        # fate.injured.noun: hospitalizations are people in hospital; in outbreak news they are cases
        # (cue.hospital_stay, adjudicated policy: outbreak admissions are not injuries)
        (
            "fate.injured.noun",
            "Officials said 41 hospitalizations have been linked to the chemical spill in Kelby.",
            (None, 41),
        ),
        (
            "cue.hospital_stay",
            "Officials said 41 hospitalizations have been linked to the outbreak in Kelby.",
            (None, None),
        ),
        # cue.background.time: 'a 1999 incident', 'two years after' date an earlier incident
        (
            "cue.background.time",
            "Orrin Vale fired on two guards during his escape from Harrow prison, missing both. His assault "
            "conviction stemmed from a 1999 incident where he stabbed his wife 17 times.",
            (None, None),
        ),
        (
            "cue.background.time",
            "A quake on Tolla island killed 10 people on Sunday. The island was hit two years after the city "
            "of Brana was destroyed in a quake that killed tens of thousands of people.",
            (10, None),
        ),
        # cue.background.separate: the news 'comes after' an earlier incident
        (
            "cue.background.separate",
            "Officers in Arden fatally shot a man carrying a pipe on Wednesday. The shooting comes after the "
            "police killing of an unarmed man in Velm, which sparked protests. Aldo Brinn, 22, was shot by officers.",
            (1, None),
        ),
        # cue.background.relative: 'the recent X outbreak', a sentence opening 'In February,'
        (
            "cue.background.relative",
            "Two soldiers and 16 gunmen were killed in a gun battle in Tarrow on Saturday. The recent flu outbreak "
            "in the country, which caused 89 deaths, cost the resort its tourists.",
            (18, None),
        ),
        (
            "cue.background.relative",
            "An earthquake killed 10 people on Qelm island on Sunday. In February, a quake hit the town of "
            "Zarrow, killing 612 people.",
            (10, None),
        ),
        # filter.background.other_day: another day and another place is another incident
        (
            "filter.background.other_day",
            "An earthquake hit southern Chile on Sunday, killing at least 10 people. On Saturday, more "
            "than a dozen people were killed by a quake in eastern Turkey.",
            (10, None),
        ),
        (
            "filter.background.other_day",
            "An earthquake hit southern Chile on Sunday, killing at least 10 people. On Monday, officials "
            "in Santiago said the toll had risen to 14.",
            (14, None),
        ),
        (
            "filter.background.other_day",
            "An earthquake hit southern Chile on Sunday, killing at least 10 people. On Saturday, a "
            "foreshock in Chile had killed 2 people.",
            (10, None),
        ),
        # victim.object.possessive: the possessor of a violent death noun is the dead
        (
            "victim.object.possessive",
            "Officers in Arden arrested a man over Tom Reller's shooting death. Dana Orrin, 34, was "
            "also killed in the attack.",
            (2, None),
        ),
        ("victim.object.possessive", "Typhoon Orla's death toll rose to 63 in the islands.", (63, None)),
        # victim.subject.named: one person with a bare 'die' is a wish or a sentence, not a death
        (
            "victim.subject.named",
            "A judge upheld a jury's recommendation that convicted killer Jose Arran die for his crimes.",
            (None, None),
        ),
        ("victim.subject.named", "Ilse Varga and Tom Reller die in a crash near Kelby.", (2, None)),
        # cue.charge: a charge names the story's own incident, however it is dated
        (
            "cue.charge",
            "Aron Pell, 20, was arrested Friday, charged with killing Tomas Brill last summer. "
            "Brill was shot outside his home in Kelby.",
            (1, None),
        ),
        (
            "cue.charge",
            "A man was shot in the leg in Kelby on Friday. Last summer a gunman killed a clerk at the same store.",
            (None, 1),
        ),
        # filter.dateline (cue.dateline): a page's timestamp does not date the news
        (
            "filter.dateline",
            "Last updated at 09: 14, Friday, 3 May 2019 A man was stabbed to death outside a bar in Harrowgate.",
            (1, None),
        ),
        ("filter.dateline", "PUBLISHED: MAY 3, 2019, 9: 14 AM Two hikers died in a fall on Ben Corran.", (2, None)),
        ("filter.dateline", "A 2019 attack killed 12 people at the market in Harrowgate.", (None, None)),
        # cue.background.relative after the figure in its clause; cue.background.relative_head only before it
        (
            "cue.background.relative",
            "A woman was killed by the fever in Sarn on Monday. The fever killed two other women already this week.",
            (1, None),
        ),
        (
            "cue.background.relative_head",
            "Police said Monday both were dead at the scene the day before. A third man was wounded.",
            (2, 1),
        ),
        # fate.killed.object: a modifier between 'fatal' and the noun
        (
            "fate.killed.object",
            "A witness to the fatal police shooting of 17-year-old Dario Pell says he was unarmed.",
            (1, None),
        ),
        # victim.identified_as (cue.identified): the name after "as" is the described victim's
        (
            "victim.identified_as",
            "A soldier was killed by a roadside bomb near Karsa. The army named the soldier who died on Monday "
            "as 29-year-old Sergeant Paul Denner. A second soldier, Corporal Ian Weld, died of his wounds.",
            (2, None),
        ),
        # count.list: each item of an object list that names a person counts
        ("count.list", "The man is charged with murdering his wife, two sons and a neighbour in Tarrow.", (4, None)),
        ("count.list", "The storm killed a farmer, flattened homes and cut power to Brenn.", (1, None)),
        # fate.killed.phrase: a distance between the fall and the death
        ("fate.killed.phrase", "A 40-year-old hiker fell 300 metres to his death on Ben Corran.", (1, None)),
        ("fate.killed.phrase", "A climber has fallen about 1,500ft to her death in the Sarn range.", (1, None)),
        # count.right: "more" before the victims' noun
        (
            "count.right",
            "The fever has killed 40 people since March. Two more people died today in Sarn.",
            (2, None),
        ),
        (
            "victim.identified_as",
            "A bomb exploded at a bank in Tarrow. Police identified the officer who died as a 51-year-old man "
            "from Harlow. The mayor, 60-year-old Ed Voss, is in critical condition in a Harlow hospital.",
            (1, 1),
        ),
        # cue.running_total (filter.running_total): a country's total that the news death joins
        (
            "cue.running_total",
            "A woman in Sarn has died of bird flu, bringing the country's total to 18 deaths.",
            (1, None),
        ),
        ("cue.running_total", "Bird flu deaths in Sarn rose on Friday, bringing the national tally to 18.", (18, None)),
        # filter.hypothetical: a parenthetical does not end the hypothetical clause
        (
            "filter.hypothetical",
            "Experts said the strain could cause a pandemic (a global epidemic) resulting in millions of deaths.",
            (None, None),
        ),
    ],
)
def test_wire_news_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule


@pytest.mark.parametrize(
    "sentence",
    [
        "A police officer and a bomb technician were killed, and the station's guards were not hurt.",
        "Officers were called after a man and his wife had been shot and the driver and a passenger were wounded.",
        "The two were arrested: one soldier and a civilian are   wounded, police said, as a man and a woman were.",
        "Nobody was hurt when the officer and his partner arrived.",
    ],
)
def test_pairs_are_tried_only_before_the_last_plural_auxiliary_with_the_same_matches(sentence: str) -> None:
    from service.extract.casualties import counts

    expected = [(m.span(), m.groupdict()) for m in counts._PAIR_RIGHT.finditer(sentence)]
    assert [(m.span(), m.groupdict()) for m in counts._pairs_right(sentence)] == expected

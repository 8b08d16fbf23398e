"""Disaster and outbreak language: one hand-written passage per rule or lexicon entry.

Each case names the filter, rule or lexicon id it protects. The passages are invented (names and places
too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # filter.toll_denominator (exclusion.toll_denominator): "out of N" names the cases, not the dead
        (
            "filter.toll_denominator",
            "There have been 412 deaths from the fever since it appeared, out of almost 9,000 reported cases.",
            (412, None),
        ),
        (
            "filter.toll_denominator",
            "Three deaths were confirmed in Varnel, a regional capital of 2 million, and four cases are being tested.",
            (3, None),
        ),
        # the toll rule still reads a plain "of": "a death toll of 84"
        ("count.toll", "The floods in Orlan left a death toll of 84 by Sunday.", (84, None)),
        # filter.dead_thing (exclusion.not_victim_head after an attributive "dead"): animals are not casualties
        ("filter.dead_thing", "Rangers found about 3,000 dead wild geese on the shore of Lake Tarn.", (None, None)),
        ("filter.dead_thing", "Farmers near Brenn reported 40 dead sheep after the storm.", (None, None)),
        # ... while "dead" before a word that ends the phrase still counts people
        ("count.right", "The storm left 12 dead in the coastal villages of Sarn.", (12, None)),
        # exclusion.not_victim_head: more animals
        ("exclusion.not_victim_head", "Three swans have been found dead in a pond near Orby.", (None, None)),
        # cue.tally: a tally around the world or over a run of years is not the news
        (
            "cue.tally",
            "Eight people have died of the fever in Orlan. The strain killed nearly 2,000,000 people "
            "around the globe in 1957 and 1958.",
            (8, None),
        ),
        (
            "cue.tally",
            "Four deaths were reported in Sarn this week. The last epidemic claimed 3,100 lives from late 2011 "
            "to mid-2012.",
            (4, None),
        ),
        # cue.statistic: deaths "this year" are a running tally
        (
            "cue.statistic",
            "Five aid workers were killed near Tarrow on Friday. At least 14 aid workers have died in the region "
            "this year.",
            (5, None),
        ),
        ("cue.statistic", "Thirty people have died so-far this year from the virus in Brenn.", (None, None)),
        # cue.background.relative_head: a sentence that opens on part of a month tells an earlier event
        (
            "cue.background.relative_head",
            "Raiders killed nine villagers near Kelby this morning. In mid-September, 25 people were killed "
            "in a similar raid.",
            (9, None),
        ),
        # cue.hypothetical: what officials are prepared to handle has not happened
        (
            "cue.hypothetical",
            "The plan says hospitals in Orlan are prepared to handle up to 60,000 deaths in a pandemic.",
            (None, None),
        ),
        # cue.toll.killed: "the death count"
        ("cue.toll.killed", "After the cyclone, the confirmed death count in Varnel is over 3,400.", (3400, None)),
        # count.right: a postmodifying place may name its country after a comma
        (
            "count.right",
            "At least three children in Varnel, Sarnia have died after eating poisoned sweets.",
            (3, None),
        ),
        # filter.illness (cue.illness): people in hospital with an infection are cases, not injured
        (
            "filter.illness",
            "The fever has killed 12 people in Orlan. Some 400 people with symptoms of the fever were admitted "
            "to hospitals on Monday, but only 31 remained hospitalised.",
            (12, None),
        ),
        (
            "filter.illness",
            "A woman in Sarn has died of bird flu. Health officials say two more people were hospitalised "
            "with the infection.",
            (1, None),
        ),
        # ... while a poisoning or a crash still injures
        (
            "fate.injured.care",
            "Four children died and 30 were taken to hospital after eating tainted cassava in Brenn.",
            (4, 30),
        ),
        # cue.own_outbreak: the reported outbreak's toll counted from its start, however that start is dated
        (
            "cue.own_outbreak",
            "Since the outbreak began in May of last year, 2,100 people have died of the fever in Orlan. "
            "That compared with 1,870 deaths recorded as of Tuesday.",
            (2100, None),
        ),
        # cue.background.relative: an earlier outbreak told for context ("in that outbreak")
        (
            "cue.background.relative",
            "Two people died of the fever in Kelby this week. The last outbreak in the valley was worse: "
            "in that outbreak 140 people died.",
            (2, None),
        ),
        # filter.natural_death (cue.natural_death): a death from natural causes is not a casualty
        (
            "filter.natural_death",
            "The singer Tom Arlo, known as the King of Swing, died in Varnel on Sunday due to congestive heart "
            "failure. Before he died, he had planned a farewell tour.",
            (None, None),
        ),
        ("filter.natural_death", "Former mayor Ed Voss died after a long illness, his family said.", (None, None)),
        # ... while a death from the outbreak's own disease counts (guide rule 12)
        ("victim.subject.named", "Ana Relt, 34, died of the fever in a Sarn hospital on Monday.", (1, None)),
        # count.toll: a number in a name or a date between the toll and its figure
        (
            "count.toll",
            "The death toll of the capsized ferry Sea Star 12 off Varnel rises to nine. Two others are missing.",
            (9, None),
        ),
        ("count.toll", "The death toll from the blast in Orlan on February 19 rises to 14.", (14, None)),
        # fate.injured.poisoned: people poisoned in one event are injured (counts only)
        ("fate.injured.poisoned", "Three workers were poisoned by fumes at a Varnel plant on Monday.", (None, 3)),
        # fate.injured.ill + cue.poisoning: those made ill by a poisoning are injured ...
        (
            "cue.poisoning",
            "Two children in Sarn have died after eating sweets laced with poison and at least six others remain ill.",
            (2, 6),
        ),
        ("cue.poisoning", "Four men died and five fell ill after drinking poisoned liquor in Orlan.", (4, 5)),
        # ... while the ill of an outbreak are cases (filter.illness)
        ("filter.illness", "About 200 people fell ill with cholera in Varnel this week.", (None, None)),
        ("filter.illness", "Forty students became ill after eating at the canteen, officials said.", (None, None)),
    ],
)
def test_disaster_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule

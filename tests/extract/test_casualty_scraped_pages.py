"""Casualty language of scraped US local pages nobody labelled carefully (issue 18, cas39): one passage per rule.

Each case names the lexicon id or rule id it protects. The passages are invented (names and places too),
written by class of language; none is taken from a labelled, shared or pool article.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "title", "body", "want"),
    [
        # victim.near_miss (cue.near_miss): a fate that did not happen gives no victim and no figure
        (
            "victim.near_miss",
            "Trooper hurt when bullet hits cruiser",
            "A bullet shattered the windshield of a trooper's cruiser during a chase near Brenn on Friday. Flying "
            "glass injured him. The sergeant said the bullet came within inches of possibly killing the trooper.",
            (None, 1),
        ),
        (
            "filter.hypothetical",
            None,
            "A gas blast tore through a warehouse in Tarrow on Monday. It came within seconds of killing two "
            "firefighters, the chief said. Nobody was hurt.",
            (None, 0),
        ),
        # ... and a real death beside a counterfactual one stays
        (
            "victim.near_miss",
            None,
            "A stray bullet killed a trooper near Brenn on Friday. The sergeant said a second round could have "
            "killed his partner.",
            (1, None),
        ),
        # victim.possessor: "<fate> of <name>'s <person noun>" is the noun's person, not the named one
        (
            "victim.possessor",
            "Reward raised in killing of Brenn bakery owner",
            "Police raised the reward in the fatal shooting of beloved Marlow Bakery's owner. Ted Arlen was shot "
            "in the parking lot on March 3. Arlen died at the scene.",
            (1, None),
        ),
        (
            "victim.possessor",
            None,
            "A reward is offered in the fatal shooting of Jon Ferris's brother, police in Tarrow said.",
            (1, None),
        ),
        (
            "victim.possessor",
            None,
            "Ted Arlen was shot dead in Brenn on Friday. Police said the gunman also wounded Arlen's son.",
            (1, 1),
        ),
        # cue.biography: a year that dates a person's career does not make the sentence background
        (
            "cue.biography",
            "Surgeon shot at clinic, gunman found dead",
            "A surgeon was shot at the Hollis clinic on Tuesday. The gunman was found dead from a self-inflicted "
            "gunshot wound. Police identified the surgeon as Dana Colfer, who has worked at the clinic since "
            "2006. UPDATE 9:15 p.m.: Colfer has died of her injuries, the clinic said.",
            (2, None),
        ),
        (
            "cue.biography",
            None,
            "Officer Lee Marsh, who joined the Tarrow police in 2004, was wounded in a shootout on Sunday.",
            (None, 1),
        ),
        # ... and a year outside the biography still dates its figure
        (
            "cue.biography",
            None,
            "The gunman, who had lived in Brenn since 2009, killed two people at a bar in 2012. On Friday a man "
            "was shot dead in Tarrow.",
            (1, None),
        ),
        # filter.background.sequel (cue.background.sequel): a day counted from an earlier incident is that incident's
        (
            "filter.background.sequel",
            "Man wounded, suspect jailed after Elkton shooting",
            "Man wounded, suspect jailed after Elkton shooting. One man remained in hospital with serious "
            "injuries on Friday after a shooting in Elkton, police said. The victim, a man in his 20s, had a "
            "gunshot wound to the abdomen. Officials will meet Wednesday to discuss the recent spate of violence, "
            "which began Dec. 18 with the fatal shooting of Paul Renner. The following day, a woman was wounded "
            "in a shooting at a vigil for Renner.",
            (None, 1),
        ),
        (
            "filter.background.sequel",
            "Man wounded in Elkton",
            "A man was wounded in a shooting in Elkton on Friday, police said. It was the latest in a string of "
            "shootings that began in March with the killing of Paul Renner. The next day, two teenagers were "
            "wounded outside a store on Main Street.",
            (None, 1),
        ),
        (
            "filter.background.sequel",
            None,
            "A man was shot dead in Elkton in 2014. Two days later, his brother was wounded in a drive-by shooting.",
            (None, None),
        ),
        # ... after the news, or after a statistic that numbers the news, the next day is the news
        (
            "filter.background.sequel",
            None,
            "Paul Renner was shot in Elkton on Friday. The following day, he died.",
            (1, None),
        ),
        (
            "filter.background.sequel",
            None,
            "A man was shot dead in Elkton on Friday. The shooting was the city's 40th homicide this year. The "
            "next day, two women were wounded in a drive-by shooting in Elkton.",
            (1, 2),
        ),
        # cue.background.time: "a year later", like "a year after", tells history
        (
            "cue.background.time",
            None,
            "In 1996, a gunman killed an actor outside his home. A year later, a lawyer shot his wife and their "
            "twins in a murder-suicide.",
            (None, None),
        ),
    ],
)
def test_scraped_page_language(
    extractor: Extractor, rule: str, title: str | None, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body, title) == want, rule

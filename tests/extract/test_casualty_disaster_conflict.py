"""Casualty language of disaster and conflict / wire news, by class (issue 18, cas33).

Invented passages (names and places too), written by class of language with variations; none is taken from
a labelled or shared set. Each case names the lexicon or rule id it protects, or the class it pins down
where the grammar already read it right (so a later change cannot break it unseen).
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # disasters: a toll that rises is the latest figure
        (
            "toll.rose",
            "The death toll from the earthquake in Kesra rose to 112 on Tuesday, officials said.",
            (112, None),
        ),
        (
            "toll.climbed",
            "The number of people killed in the floods in Varno has climbed to 63, with 200 injured.",
            (63, 200),
        ),
        ("toll.reached", "The death toll from the landslide has reached 41, the disaster agency said.", (41, None)),
        ("toll.climbed", "The toll from Typhoon Lana climbed to forty-two dead on Wednesday.", (42, None)),
        ("toll.headline", "Kesra quake death toll rises to 112", (112, None)),
        (
            "toll.risen",
            "The number of dead from Saturday's ferry disaster has risen to 78, with 120 still missing.",
            (78, None),
        ),
        (
            "toll.died_of_wounds",
            "Two of the wounded later died of their injuries, bringing the death toll to 11.",
            (11, None),
        ),
        # missing / unaccounted for are not killed
        (
            "missing",
            "At least 12 people were killed and 30 are missing after a landslide buried a village in Kesra.",
            (12, None),
        ),
        ("missing", "Floods in Varno have left at least 20 dead and 45 missing, officials said.", (20, None)),
        ("missing", "Three people died and two others remain missing after the boat capsized off Brenn.", (3, None)),
        ("missing", "Eight miners were killed in the explosion and 14 remain unaccounted for.", (8, None)),
        (
            "missing",
            "Rescuers said 27 people remain unaccounted for after the building collapsed in Brenn.",
            (None, None),
        ),
        (
            "missing",
            "Nineteen miners were trapped underground after the collapse; three bodies have been recovered.",
            (3, None),
        ),
        # bodies recovered are killed
        (
            "bodies",
            "Rescuers pulled 15 bodies from the rubble of the collapsed building in Brenn on Monday.",
            (15, None),
        ),
        ("bodies", "Divers recovered 23 bodies from the sunken ferry on Tuesday.", (23, None)),
        ("bodies", "Twenty bodies were recovered from the wreckage of the plane near Kesra.", (20, None)),
        # rescued alive, on board, evacuated, displaced: not casualties
        (
            "rescued",
            "The ferry sank off Varno on Sunday, killing 31 people. Another 87 were rescued alive.",
            (31, None),
        ),
        ("rescued", "Rescuers pulled five survivors from the rubble, and 12 people were killed.", (12, None)),
        ("rescued", "Rescue workers pulled 14 people alive from the rubble in Kesra; 32 died.", (32, None)),
        (
            "on_board",
            "The bus, which had 45 passengers on board, plunged into a ravine near Kesra, killing 12.",
            (12, None),
        ),
        (
            "on_board",
            "Fourteen people were killed when a bus carrying 50 passengers overturned near Kesra.",
            (14, None),
        ),
        ("on_board", "All 162 people on board were killed when the plane crashed near Kesra.", (162, None)),
        ("on_board", "The plane crashed near Kesra, killing all 162 people on board.", (162, None)),
        ("displaced", "The floods killed seven people and forced 10,000 to evacuate their homes in Varno.", (7, None)),
        ("displaced", "The storm killed 14 people and left more than 30,000 homeless.", (14, None)),
        ("displaced", "At least 5 people died and 2,000 were displaced by the floods.", (5, None)),
        # smoke inhalation is an injury
        (
            "smoke",
            "A fire at an apartment block in Brenn killed two people, and six were treated for smoke inhalation.",
            (2, 6),
        ),
        ("smoke", "Four firefighters were treated for smoke inhalation after the blaze in Brenn.", (None, 4)),
        # an earlier disaster for comparison is background
        (
            "cue.background.separate",
            "The quake killed 14 people in Kesra. It was the deadliest since 2004, when 230,000 died in a tsunami.",
            (14, None),
        ),
        (
            "cue.background.year_after",
            "The earthquake killed at least 30 people. In 2010 a quake in the same region killed more than 2,000.",
            (30, None),
        ),
        # outbreaks and heat: deaths count, cases do not
        (
            "outbreak",
            "The cholera outbreak in Varno has killed 45 people and infected more than 1,200, officials said.",
            (45, None),
        ),
        ("outbreak", "There have been 300 confirmed cases of the virus and 12 deaths in Kesra.", (12, None)),
        (
            "outbreak",
            "Health officials have linked 14 deaths to the outbreak, and 230 people have fallen ill.",
            (14, None),
        ),
        ("outbreak", "Kesra reported 9 new deaths from cholera on Monday, bringing the total to 112.", (112, None)),
        ("outbreak", "Twelve deaths have been attributed to the heat wave in Brenn.", (12, None)),
        ("outbreak", "The heat wave has claimed at least 30 lives across the province.", (30, None)),
        ("poisoning", "Nine people died and 60 were hospitalised after drinking bootleg liquor in Kesra.", (9, 60)),
        # stampedes, mines, crashes, collapses, storms
        (
            "stampede",
            "At least 18 people were crushed to death and 40 injured in a stampede at a temple in Kesra.",
            (18, 40),
        ),
        ("mine", "A gas explosion at a coal mine in Kesra killed 21 miners and trapped 8 others.", (21, None)),
        ("train", "Two trains collided near Brenn on Friday, killing 36 people and injuring more than 100.", (36, 100)),
        (
            "collapse",
            "Seven workers died and 12 were injured when a building under construction collapsed in Brenn.",
            (7, 12),
        ),
        (
            "fire",
            "A fire tore through a nightclub in Brenn early Sunday, leaving 64 dead and more than 100 injured.",
            (64, 100),
        ),
        ("storm", "Officials confirmed 27 fatalities and 58 injuries after the storm.", (27, 58)),
        ("storm", "The cyclone claimed 45 lives in Varno.", (45, None)),
        ("storm", "Lightning killed 11 people in Kesra state on Monday, officials said.", (11, None)),
        ("landslide", "A mudslide buried 30 homes in Kesra, killing at least nine people.", (9, None)),
        ("landslide", "More than 100 people are feared dead after a landslide hit a village in Kesra.", (100, None)),
        ("drowned", "Seventeen migrants drowned when their boat capsized off Varno on Tuesday.", (17, None)),
        ("drowned", "At least 40 people are feared drowned after a ferry sank in Lake Varno.", (40, None)),
        ("crash", "A 34-year-old man and his 6-year-old son were killed when a tree fell on their car.", (2, None)),
        # filler.count / filler.victim: swept away and then dead
        ("filler.count", "Four children were swept away by floodwaters in Varno and later found dead.", (4, None)),
        ("filler.count", "Two men were swept away and drowned in the river near Brenn.", (2, None)),
        ("filler.count", "Two men were swept away by the river near Brenn. They remain missing.", (None, None)),
        # count.person_and: one described person before "and [his] N" adds one
        ("count.person_and", "A man and his two children were killed when fire swept through their home.", (3, None)),
        ("count.person_and", "A woman and her three daughters died in the blaze.", (4, None)),
        ("count.person_and", "The driver and 11 passengers were killed when the bus plunged into a gorge.", (12, None)),
        ("count.person_and", "The pilot and two passengers died in the crash near Brenn.", (3, None)),
        ("count.person_and", "A 34-year-old driver and his two passengers died when their car hit a tree.", (3, None)),
        ("count.person_and", "The driver and two passengers were injured when the van overturned.", (None, 3)),
        ("count.person_and", "The attacker and two others were killed in the exchange of fire.", (3, None)),
        ("count.person_and", "Ivo Marten and his two sons were killed when their house collapsed.", (3, None)),
        ("count.person_and", "Police said Ana Brel and her three children died in the fire.", (4, None)),
        ("count.person_and", "A man and two women were arrested after three people were killed in Brenn.", (3, None)),
        ("count.person_and", "A soldier was killed and two civilians were wounded in the blast.", (1, 2)),
        ("count.person_and", "Ivo Marten and his two sons were unhurt, but three neighbours were killed.", (3, None)),
        ("count.person_and", "Gunmen attacked Kesra and three villages nearby, killing 12.", (12, None)),
        # count.left after one person: "killed a commander and his two bodyguards" = 1 + 2
        (
            "count.left",
            "An airstrike killed a senior commander and his two bodyguards in Kesra on Monday.",
            (3, None),
        ),
        ("count.left", "Gunmen killed a police officer and his three children in Kesra.", (4, None)),
        ("count.left", "The blast wounded a soldier and his two colleagues.", (None, 3)),
        ("count.left", "He killed a man and his two sons fled.", (1, None)),
        # count.gapped: "N were killed in X and M in Y", the second verb left out
        ("count.gapped", "Two people were killed in Kesra and three others in Varno in separate attacks.", (5, None)),
        # totals.gapped (cas38): the gapped count is other people, summed (guide rule 5; cas33 pinned the larger, 22)
        ("count.gapped", "Sixteen people were killed in Sunday's attack and 22 in a separate bombing.", (38, None)),
        ("count.gapped", "The bombers killed 16 people in the market, and 22 in a separate attack.", (38, None)),
        ("count.gapped", "Two people were killed in Kesra and 30 were arrested.", (2, None)),
        ("count.gapped", "Two people were killed in the crash on Route 9 and 4 others escaped unhurt.", (2, None)),
        ("count.gapped", "Three people were injured in the blast and 40 homes damaged.", (None, 3)),
        # conflict: strikes, shelling, bombings, clashes
        (
            "conflict",
            "An airstrike on a market in Kesra killed at least 20 civilians, local officials said.",
            (20, None),
        ),
        ("conflict", "Security forces raided a hideout in Kesra, killing at least 11 militants.", (11, None)),
        (
            "conflict",
            "Five soldiers and three civilians were killed when a roadside bomb exploded in Kesra.",
            (8, None),
        ),
        ("conflict", "Twenty-five insurgents were killed in the operation, the army said.", (25, None)),
        ("conflict", "The army said 40 militants were killed in air strikes in Kesra province.", (40, None)),
        ("conflict", "A US drone strike killed four suspected militants in Kesra on Thursday.", (4, None)),
        ("conflict", "Clashes between rival militias in Kesra left 17 dead and dozens wounded.", (17, 24)),
        ("conflict", "The blast killed 23 people, including four children, and wounded 50.", (23, 50)),
        (
            "conflict",
            "Militants attacked a checkpoint in Kesra overnight, killing at least eight policemen and wounding five.",
            (8, 5),
        ),
        ("conflict", "Three soldiers were killed and 11 wounded when militants ambushed a convoy in Kesra.", (3, 11)),
        (
            "conflict",
            "Overnight shelling of Kesra killed five civilians, including a 7-year-old girl, the mayor said.",
            (5, None),
        ),
        ("conflict", "Four policemen died when gunmen attacked their post in Kesra, police said.", (4, None)),
        (
            "cue.attacker_suicide",
            "A suicide bomber blew himself up at a mosque in Kesra, killing 27 worshippers.",
            (28, None),
        ),
        (
            "conflict",
            "At least 12 people have been killed in the fighting in Kesra since Sunday, officials said.",
            (12, None),
        ),
        ("conflict", "Twelve people have been killed in the clashes, the ministry said.", (12, None)),
        ("conflict", "Separately, two soldiers were killed by a roadside bomb in Varno province.", (2, None)),
        # a group's claim is no toll
        ("cue.claim", "The group said it killed 30 soldiers in the attack, a claim the army denied.", (None, None)),
        (
            "cue.claim",
            "A rebel spokesman claimed the fighters had killed 25 police officers. Officials said four policemen "
            "were killed.",
            (4, None),
        ),
        ("cue.claim", "Police said the militants had killed 12 villagers.", (12, None)),
        (
            "cue.claim",
            "A car bomb killed eight people in Kesra. The group claimed responsibility, saying it had killed 20 "
            "government soldiers.",
            (8, None),
        ),
        # cue.statistic: a war's running toll is background
        (
            "cue.statistic",
            "A suicide bomber killed nine people in Kesra on Monday. The UN says more than 10,000 have died since "
            "the war began.",
            (9, None),
        ),
        (
            "cue.statistic",
            "Shelling killed four people in Kesra on Monday. More than 10,000 people have been killed since the "
            "conflict began in 2014.",
            (4, None),
        ),
        (
            "cue.statistic",
            "Four soldiers died in Kesra on Monday. The UN estimates that at least 250,000 people have been killed "
            "in the war.",
            (4, None),
        ),
        (
            "cue.statistic",
            "Four soldiers died in Kesra on Monday. The conflict, which began in 2014, has killed more than 13,000 "
            "people.",
            (4, None),
        ),
        (
            "cue.statistic",
            "Four soldiers died in Kesra on Monday. The war has killed more than 13,000 people, the UN says.",
            (4, None),
        ),
        (
            "cue.statistic",
            "Four soldiers died in Kesra on Monday. More than 13,000 have died in the country's civil war.",
            (4, None),
        ),
        # wire datelines and a headline glued to the body
        (
            "wire",
            "KESRA (Reuters) - A suicide bomber killed 14 people and wounded 30 at a police station on Monday, "
            "officials said.",
            (14, 30),
        ),
        (
            "wire",
            "KESRA, June 3 (Xinhua) -- At least 7 people were killed and 19 injured in a bus crash on Monday.",
            (7, 19),
        ),
        ("wire", "KESRA, Varno (AFP) - Shelling killed six civilians, including two children, on Tuesday.", (6, None)),
        (
            "wire",
            "KESRA, June 3 (Reuters) - Gunmen stormed a hotel in Kesra, killing 12 people, police said. At least 20 "
            "were wounded.",
            (12, 20),
        ),
        (
            "wire",
            "Bomb kills 9 in Kesra market KESRA (Reuters) - A bomb killed nine people in a market in Kesra on Monday.",
            (9, None),
        ),
        ("wire", "Kesra floods: 23 dead, 40 missing A week of heavy rain has killed 23 people in Kesra.", (23, None)),
    ],
)
def test_disaster_and_conflict_news(
    extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body) == want, rule

"""Label votes for one mention: spaCy's label, its context and the gazetteer."""

from __future__ import annotations

from service.extract.gazetteer import Geocoder, fold
from service.extract.ner.lexicon import (
    AGE_AFTER,
    CLAUSE_END,
    COMMA_NAME,
    DATELINE_AFTER,
    DEMONYM,
    DIRECTION_BEFORE,
    IN_BEFORE,
    ORG_BEFORE,
    ORG_WORDS,
    PERSON_BEFORE,
    PERSON_CUE_BEFORE,
    PLACE_BEFORE,
    SPORT_AFTER,
    SPORT_BEFORE,
    SPORT_SENTENCE,
    STRONG_PLACE_BEFORE,
    US_STATE_ABBREVIATIONS,
    US_STATE_AFTER,
    US_STATE_BEFORE,
    is_dateline,
)
from service.extract.ner.spans import Candidate, Label, looks_like_name


class Voter:
    """Votes a mention's label from spaCy's label, the words around it and the gazetteer."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder

    def vote(self, mention: Candidate, label: Label, text: str) -> None:
        """Add to `mention.votes`: spaCy's `label` (weight 1), then every context and gazetteer rule that holds."""
        mention.votes[label] += 1.0
        before = text[max(0, mention.start - 40) : mention.start]
        words = mention.form.split()
        # Cheap label tests before the regexes: the same conditions, fewer searches.
        if label != "place" and STRONG_PLACE_BEFORE.search(before) and PLACE_BEFORE.search(before):
            mention.votes["place"] += 2.0  # "the rebel-held town of Khan Sheikhun"
        elif label == "person" and len(words) <= 2 and PLACE_BEFORE.search(before):
            mention.votes["place"] += 0.6  # "in Ghouta": people are rarely "in" or "near"
        known = (
            self.geocoder.lookup(mention.form)
            if label != "place" and IN_BEFORE.search(before) and len(words) <= 3
            else None
        )
        if known is not None and fold(known.name) == fold(mention.form):
            mention.votes["place"] += 2.0  # "in Downers Grove": a gazetteer town after "in"
        if label == "person" and before.endswith(("the ", "The ")) and mention.form.endswith("s") and len(words) == 1:
            mention.votes["org"] += 1.5  # "the Houthis shelled ...": a group, not a person
        if before.endswith("/") and before[-2:-1].isalpha():
            mention.votes["org"] += 2.0  # a photo credit "Ben Gray/Atlanta Journal-Constitution": the outlet
        if label != "place" and self._country_follows(text, mention.end):
            mention.votes["place"] += 2.0  # "a school in Spišská Stará Ves, Slovakia"
        if ORG_BEFORE.search(before):
            mention.votes["org"] += 2.0  # "the conservative French daily Le Figaro"
        if label != "place" and PERSON_BEFORE.search(before):
            mention.votes["person"] += 1.5
        geo = self.geocoder.lookup(mention.form) if label != "place" and len(words) <= 3 else None
        if geo is not None:
            if geo.kind in ("country", "continent"):
                mention.votes["place"] += 1.1
            elif geo.population >= 100_000 and label == "org" and fold(geo.name) == fold(mention.form):
                mention.votes["place"] += 0.6
            elif label == "org" and fold(geo.name) == fold(mention.form):
                mention.votes["place"] += 0.3  # a tie-breaker: a gazetteer town the model called ORG
        if label == "place" and DEMONYM.match(mention.form) and self.geocoder.lookup(mention.form) is None:
            mention.votes["norp"] += 2.0  # "Syrian", "Afghans": nationalities are not places
        if (
            (SPORT_BEFORE.search(before) or SPORT_AFTER.match(text, mention.end))
            and len(words) <= 3
            and SPORT_SENTENCE.search(text, max(0, mention.start - 200), min(len(text), mention.end + 200))
            and (country := self.geocoder.lookup(mention.form)) is not None
            and country.kind == "country"
        ):
            mention.votes["org"] += 3.0  # "Portugal defeats Spain 5–3": national teams
        if label == "place" and len(words) >= 2 and {w.lower() for w in (words[0], words[-1])} & ORG_WORDS:
            mention.votes["org"] += 2.0  # "Police Scotland", "Gaza Health Ministry"
        if is_dateline(text, mention.start, mention.end) or (
            US_STATE_BEFORE.search(before) and DATELINE_AFTER.match(text, mention.end)
        ):
            mention.votes["place"] += 3.0  # "DAYTON -- A man ...", "CUMBERLAND, Ind. (Jan. 20) --"
        if label != "place" and US_STATE_AFTER.match(text, mention.end):
            mention.votes["place"] += 2.0  # "Allen, Texas", "Holly Hill, S.C."
        if fold(mention.form.rstrip(".")) in US_STATE_ABBREVIATIONS and US_STATE_BEFORE.search(before):
            mention.votes["place"] += 3.0  # the state of a dateline: "S.C.", "Ind.", "MO"
        if label != "place" and DIRECTION_BEFORE.search(before) and geo is not None:
            mention.votes["place"] += 2.0  # "a south Augusta shopping center", "north St. Louis"
        if (
            label != "person"
            and len(words) >= 2
            and looks_like_name(mention.form)
            and (AGE_AFTER.match(text, mention.end) or PERSON_CUE_BEFORE.search(before))
        ):
            mention.votes["person"] += 2.0  # "Carlos Carrillo, a 26-year-old", "victim Victoria Cantu"

    def _country_follows(self, text: str, end: int) -> bool:
        """Whether ", <country or state>" follows, the way news locates a town."""
        follow = COMMA_NAME.match(text, end, min(len(text), end + 60))
        if follow is None:
            return False
        words = follow.group("name").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            after = text[follow.start("name") :].find(name) + follow.start("name") + len(name)
            if not CLAUSE_END.match(text, after):
                continue  # "John Smith, Texas governor": an apposition, not a location
            geo = self.geocoder.lookup(name)
            if geo is not None and geo.kind in ("country", "region"):
                return True
        return False

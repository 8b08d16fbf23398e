"""Canonical entities from spaCy's mentions: one person, place or organisation per real-world entity.

spaCy's `en_core_web_sm` gives mention spans with a label each; news needs more:

1. **Spans** are trimmed the way news NER benchmarks mark them (no leading "the", no possessive).
2. **Mentions are clustered**: the same text; a surname with the full name ("Assad" -> "Bashar
   al-Assad", also across a parenthesis: "Bashar al-) Assad"); an acronym defined in the text
   ("... Chemical Weapons (OPCW)") or a common one (UN, EU, US); two names of one gazetteer place.
3. **One label per cluster by vote**: spaCy's label for each mention, plus context ("the town of X",
   "the daily X", "President X"), plus the gazetteer (a country name is a place). Nationalities
   (spaCy's NORP) are never places.
4. **Canonical name**: the fullest form the article uses. **Salience** from frequency, the position of
   the first mention and presence in the title.

The steps live in `service.extract.ner`: `mentions` (1), `votes` (3), `clustering` (2); this module
is the event builder: one label per cluster, canonical name, salience, and the place lookup.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc

from service.extract.gazetteer import Geocoder, GeoPlace
from service.extract.geocode import resolve_places
from service.extract.geocode.names import key
from service.extract.ner.attach import (
    DEMONYM_COUNTRIES,
    DEMONYM_OF_PLACE,
    PLACE_IN_NAME,
    PLACE_NAMED_ELSEWHERE,
    AttachRule,
    PlaceMentions,
    demonyms,
    inner_names,
)
from service.extract.ner.clustering import Clusterer
from service.extract.ner.entity_filter import OUTPUT_TYPES, EntityFilter, FilterDecision, entity_features
from service.extract.ner.lexicon import ACRONYMS, NOT_A_NAME, US_STATE_ABBREVIATIONS, described_alias
from service.extract.ner.mentions import MentionFinder
from service.extract.ner.spans import Candidate, Cluster, name_tokens
from service.extract.ner.votes import Voter
from service.extract.types import Entity, Mention, MentionForm, MentionVotes, Place, TypeEvidence

__all__ = ["ACRONYMS", "US_STATE_ABBREVIATIONS", "Entities", "EntityBuilder"]


@dataclass(frozen=True, slots=True)
class Entities:
    """The three entity lists of one article."""

    people: tuple[Entity, ...]
    places: tuple[Place, ...]
    organisations: tuple[Entity, ...]
    #: Why each cluster got its label, in text order (norp clusters, which are not output, included).
    evidence: tuple[TypeEvidence, ...] = ()
    #: (start, end, canonical name) of the place mentions the entity rules found, in text order: what
    #: casualty figures are tied to. The mentions `ner.attach` adds (a name inside an organisation's,
    #: an adjective) are left out: "Roselle police said two died" places nothing in Roselle.
    place_spans: tuple[tuple[int, int, str], ...] = ()


class EntityBuilder:
    """Builds canonical entities from a parsed document."""

    def __init__(self, geocoder: Geocoder, entity_filter: EntityFilter | None = None) -> None:
        """`entity_filter`: the learned keep/drop decision for each output entity (None: keep all)."""
        self.geocoder = geocoder
        self.entity_filter = entity_filter
        self.finder = MentionFinder(geocoder, Voter(geocoder))
        self.clusterer = Clusterer(geocoder)

    def build(
        self,
        doc: Doc,
        title: str | None = None,
        body: str | None = None,
        text: str | None = None,
        evidence: bool = True,
    ) -> Entities:
        """Cluster, label, name, geocode and score the entities of `doc`.

        `doc.text` may be a normalised copy of `body` (same length): names are read from it, mention
        texts from `body`, so that every mention's text is `body[start:end]`. `text`: `doc.text` when the
        caller has it (Doc.text re-joins every token on each access). `evidence`: also say why each
        entity has its type (`Entities.evidence`, for `--explain`; events carry none of it).
        """
        text = doc.text if text is None else text
        original = body if body is not None and len(body) == len(text) else text
        mentions = self._mentions(doc, text)
        if not mentions:
            return Entities((), (), ())
        clusters = self._cluster(mentions, text)
        labels = [cluster.label() for cluster in clusters]
        # Names and types are decided before more mentions of the places are attached (`ner.attach`).
        names = [self._canonical(cluster) for cluster in clusters]
        place_spans = tuple(
            sorted(
                (m.start, m.end, name)
                for cluster, label, name in zip(clusters, labels, names, strict=True)
                if label == "place"
                for m in cluster.mentions
            )
        )
        self._attach_place_mentions(clusters, labels, text)
        # The learned filter reads each output cluster's evidence, mentions attached; its features are
        # also kept for `--explain` and for the training script (`training/entity_filter`).
        features: dict[int, dict[str, float]] = {}
        decisions: dict[int, FilterDecision] = {}
        if self.entity_filter is not None or evidence:
            output = [(label, name) for label, name in zip(labels, names, strict=True) if label in OUTPUT_TYPES]
            for cluster, label, name in zip(clusters, labels, names, strict=True):
                if label in OUTPUT_TYPES:
                    features[id(cluster)] = entity_features(cluster, label, name, text, title, self.geocoder, output)
                    if self.entity_filter is not None:
                        decisions[id(cluster)] = self.entity_filter.decide(label, features[id(cluster)])
        people: list[Entity] = []
        orgs: list[Entity] = []
        places: list[tuple[Cluster, str]] = []
        max_count = max(len(c.mentions) for c in clusters)
        for cluster, label, name in zip(clusters, labels, names, strict=True):
            if label in ("norp", NOT_A_NAME):
                continue
            decision = decisions.get(id(cluster))
            if decision is not None and not decision.keep:
                continue
            if label == "place":
                places.append((cluster, name))
                continue
            rank = next((m.title for m in cluster.mentions if m.title), None) if label == "person" else None
            entity = Entity(
                name,
                self._as_mentions(cluster, original),
                self._salience(cluster, name, title, len(text), max_count),
                title=rank,
            )
            (people if label == "person" else orgs).append(entity)
        # A nationality adjective says nothing about which place of that name it is ("Georgian, Ala."?).
        spans = [
            (name, [(m.start, m.end) for m in cluster.mentions if not _attached(m, DEMONYM_OF_PLACE)])
            for cluster, name in places
        ]
        resolved = list(zip(places, resolve_places(self.geocoder, spans, text), strict=True))
        # Salience and the order of equal ones are read before geocoding adds or drops mentions
        # (`_attach_places_in_names`, `_place_mentions`): the ranking does not move with them.
        ranked = {
            id(cluster): (self._salience(cluster, name, title, len(text), max_count), cluster.mentions[0].start)
            for (cluster, name), _ in resolved
        }
        other_names = sorted(
            (m.start, m.end)
            for cluster, label in zip(clusters, labels, strict=True)
            if label not in ("place", "person")
            for m in cluster.mentions
        )
        self._attach_places_in_names(resolved, clusters, labels, other_names, text)
        place_entities: list[tuple[Place, int]] = []
        geocoded: dict[int, str] = {}
        for (cluster, name), geo in resolved:
            geocoded[id(cluster)] = _geocoding(geo)
            salience, first = ranked[id(cluster)]
            place = Place(
                name,
                self._place_mentions(cluster, geo, original, other_names),
                salience,
                kind=geo.kind if geo else None,
                country_code=geo.country_code if geo else None,
                lat=geo.lat if geo else None,
                lon=geo.lon if geo else None,
                geonames_id=geo.geonames_id if geo else None,
                admin1=geo.admin1 if geo else None,
            )
            place_entities.append((place, first))

        def order(e: Entity | Place) -> tuple[float, int]:
            return (-e.salience, e.mentions[0].start)

        return Entities(
            tuple(sorted(people, key=order)),
            tuple(place for place, _ in sorted(place_entities, key=lambda pf: (-pf[0].salience, pf[1]))),
            tuple(sorted(orgs, key=order)),
            tuple(
                self._evidence(
                    cluster, name, geocoded.get(id(cluster), ""), features.get(id(cluster)), decisions.get(id(cluster))
                )
                for cluster, name in zip(clusters, names, strict=True)
            )
            if evidence
            else (),
            place_spans,
        )

    def _attach_place_mentions(self, clusters: list[Cluster], labels: list[str], text: str) -> None:
        """More mentions of the article's places: their names elsewhere, their adjectives (`ner.attach`)."""
        place_clusters = [c for c, label in zip(clusters, labels, strict=True) if label == "place"]
        if not place_clusters:
            return
        taken = [
            (m.start, m.end)
            for c, label in zip(clusters, labels, strict=True)
            if label in ("place", "person")
            for m in c.mentions
        ]
        attacher = PlaceMentions(text, taken)
        forms = [{m.form for m in c.mentions if _propagates(m.form)} for c in place_clusters]
        attacher.attach(list(zip(place_clusters, forms, strict=True)), PLACE_NAMED_ELSEWHERE)
        adjectives: list[tuple[Cluster, set[str]]] = []
        for cluster, names in zip(place_clusters, forms, strict=True):
            found: set[str] = set()
            for form in names:
                geo = self.geocoder.lookup(form)
                if geo is not None and geo.kind in ("country", "region"):
                    found |= demonyms(form, geo.kind == "country") | demonyms(geo.name, geo.kind == "country")
            if found:
                adjectives.append((cluster, found))
        attacher.attach(adjectives, DEMONYM_OF_PLACE)

    def _attach_places_in_names(
        self,
        resolved: list[tuple[tuple[Cluster, str], GeoPlace | None]],
        clusters: list[Cluster],
        labels: list[str],
        other_names: list[tuple[int, int]],
        text: str,
    ) -> None:
        """A resolved place named inside another entity's name under another form (`PLACE_IN_NAME`).

        Each run of capitalised words inside an organisation's (or another non-place, non-person)
        mention, longest first, is looked up: it becomes a mention of the article's place whose form it
        is (same index key: the sense the article resolved), or whose resolved place it names
        (`_same_place`). Never a new place; never over a person's or a place's mention.
        """
        by_id: dict[int, tuple[Cluster, str, str]] = {}
        by_key: dict[str, Cluster] = {}
        for (cluster, name), geo in resolved:
            if geo is not None and geo.geonames_id is not None:
                by_id.setdefault(geo.geonames_id, (cluster, key(geo.name), key(name)))
            for m in cluster.mentions:
                if not _attached(m, DEMONYM_OF_PLACE):
                    by_key.setdefault(key(m.form), cluster)
        if not by_id and not by_key:
            return
        taken = PlaceMentions(
            text,
            [
                (m.start, m.end)
                for c, label in zip(clusters, labels, strict=True)
                if label in ("place", "person")
                for m in c.mentions
            ],
        )
        touched: dict[int, Cluster] = {}
        for start, end in other_names:
            for a, b in inner_names(text, start, end):
                if not taken.free(a, b):
                    continue
                name = text[a:b]
                owner = by_key.get(key(name)) or self._same_place(name, by_id)
                if owner is None:
                    continue
                mention = Candidate(a, b, name)
                mention.cast(PLACE_IN_NAME.name, "place", 0.0)
                owner.mentions.append(mention)
                taken.take(a, b)
                touched[id(owner)] = owner
        for owner in touched.values():
            owner.mentions.sort(key=lambda m: m.start)

    def _same_place(self, name: str, by_id: dict[int, tuple[Cluster, str, str]]) -> Cluster | None:
        """The place `name` is the gazetteer's own name of ("United States" for "U.S."), if the article has it.

        Not an alternate name the index keeps for another place ("Hudson", the county, for its seat), nor
        the town a district was resolved to ("Houston" for "North Houston": the article named a part).
        """
        geo = self.geocoder.lookup(name)
        if geo is None or geo.geonames_id is None or geo.geonames_id not in by_id:
            return None
        owner, resolved_name, place_name = by_id[geo.geonames_id]
        inner = key(name)
        return owner if inner == resolved_name and inner not in place_name else None

    def _place_mentions(
        self, cluster: Cluster, geo: GeoPlace | None, text: str, other_names: list[tuple[int, int]]
    ) -> tuple[Mention, ...]:
        """The place's mentions, each attached one with its `form`; an adjective of another place left out.

        A name `ner.attach` found inside another entity's name is `in_name` (elsewhere it is a plain
        mention); an adjective is `demonym`, kept only when it is the resolved place's (`_demonym_fits`).
        """
        out = []
        for m in cluster.mentions:
            form: MentionForm | None = None
            if _attached(m, DEMONYM_OF_PLACE):
                if not self._demonym_fits(text[m.start : m.end], geo):
                    continue
                form = "demonym"
            elif _attached(m, PLACE_IN_NAME) or (
                _attached(m, PLACE_NAMED_ELSEWHERE) and _overlaps(other_names, m.start, m.end)
            ):
                form = "in_name"
            out.append(Mention(text[m.start : m.end], m.start, m.end, form))
        return tuple(out)

    def _demonym_fits(self, word: str, geo: GeoPlace | None) -> bool:
        """Whether `word`, attached as an adjective, names the place `geo` the article's name resolved to.

        A nationality of the vocabulary (`DEMONYM_COUNTRIES`: "Georgian", "Jordanian") names its country
        only: not a US state of the same name ("Georgia" resolved to the state keeps no "Georgian"). An
        adjective made from a region's name ("Texan") names a region.
        """
        if geo is None:
            return False
        countries = DEMONYM_COUNTRIES.get(word) or DEMONYM_COUNTRIES.get(word.title())
        if not countries:
            return geo.kind == "region"
        for country in countries:
            named = self.geocoder.lookup(country)
            if named is not None and (
                named.geonames_id == geo.geonames_id
                or (named.kind == geo.kind == "country" and named.country_code == geo.country_code)
            ):
                return True
        return False

    def _evidence(
        self,
        cluster: Cluster,
        name: str,
        geocoding: str = "",
        features: dict[str, float] | None = None,
        decision: FilterDecision | None = None,
    ) -> TypeEvidence:
        """The votes `cluster.label()` summed, the rules behind them, and the entity filter's decision."""
        fired: dict[tuple[str, str], list[float]] = {}
        for mention in cluster.mentions:
            for rule, label, weight in mention.fired:
                tally = fired.setdefault((rule, label), [0.0, 0])
                tally[0] += weight
                tally[1] += 1
        rules = sorted(((r, lab, w, int(n)) for (r, lab), (w, n) in fired.items()), key=lambda x: (-x[2], x[0]))
        best = sorted(cluster.votes.items(), key=lambda kv: (-kv[1], kv[0]))
        mentions = tuple(
            MentionVotes(m.start, m.end, tuple(m.fired)) for m in sorted(cluster.mentions, key=lambda m: m.start)
        )
        label = best[0][0] if best else "org"
        return TypeEvidence(
            name,
            label,
            dict(cluster.votes),
            tuple(rules),
            mentions,
            geocoding,
            features=tuple(sorted((features or {}).items())),
            filter_score=decision.score if decision else None,
            filter_threshold=decision.threshold if decision else None,
            filter_kept=decision.keep if decision else True,
            filter_top=decision.top if decision else (),
        )

    def _mentions(self, doc: Doc, text: str) -> list[Candidate]:
        return self.finder.find(doc, text)

    def _cluster(self, mentions: list[Candidate], text: str) -> list[Cluster]:
        return self.clusterer.cluster(mentions, text)

    @staticmethod
    def _canonical(cluster: Cluster) -> str:
        first_seen: dict[str, int] = {}
        for i, mention in enumerate(cluster.mentions):
            first_seen.setdefault(mention.form, i)
        # "U.N. nuclear watchdog" beside "IAEA": the name, not the description
        return max(first_seen, key=lambda f: (not described_alias(f), len(name_tokens(f)), len(f), -first_seen[f]))

    @staticmethod
    def _as_mentions(cluster: Cluster, text: str) -> tuple[Mention, ...]:
        return tuple(Mention(text[m.start : m.end], m.start, m.end) for m in cluster.mentions)

    @staticmethod
    def _salience(cluster: Cluster, name: str, title: str | None, length: int, max_count: int) -> float:
        """0.5 x frequency (relative to the most mentioned entity) + 0.3 x earliness + 0.2 if in the title."""
        frequency = len(cluster.mentions) / max_count
        earliness = 1.0 - cluster.mentions[0].start / max(length, 1)
        in_title = 0.0
        if title:
            lowered = title.lower()
            if any(t.lower() in lowered for t in {name, *(m.form for m in cluster.mentions)} if len(t) > 1):
                in_title = 1.0
        return max(0.0, min(1.0, 0.5 * frequency + 0.3 * earliness + 0.2 * in_title))


def _geocoding(geo: GeoPlace | None) -> str:
    """One line on where a place was put and why ("Paris, US/TN (36.302, -88.326) geonames 4646571 by ...")."""
    if geo is None:
        return "not in the gazetteer"
    where = "/".join(x for x in (geo.country_code, geo.admin1.code if geo.admin1 else None) if x) or "-"
    point = f" ({geo.lat:.3f}, {geo.lon:.3f})" if geo.lat is not None and geo.lon is not None else ""
    ident = f" geonames {geo.geonames_id}" if geo.geonames_id is not None else ""
    by = f" by {', '.join(geo.rules)}" if geo.rules else ""
    return f"{geo.name}, {geo.kind}, {where}{point}{ident}{by}"


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a span of `spans` (sorted) overlaps `start:end`."""
    i = bisect_left(spans, (end, end))
    return any(b > start for _, b in spans[:i])


def _attached(mention: Candidate, rule: AttachRule) -> bool:
    return bool(mention.fired) and mention.fired[0][0] == rule.name


def _propagates(form: str) -> bool:
    """Whether a place's name is safe to look for elsewhere: two letters and more, never all lower case."""
    return sum(ch.isalpha() for ch in form) >= 2 and any(ch.isupper() for ch in form)

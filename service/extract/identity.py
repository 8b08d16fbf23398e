"""What names an extractor's output: its name, version and the options that change it.

Kept apart from the extractor (no spaCy, no grammar), so the CLI and the event builder can stamp events
and ids without compiling the rules or loading the model: importing the extractor costs seconds of CPU,
paid only where extraction happens (the worker pays it once, before its extraction processes fork).
"""

from __future__ import annotations

from typing import Literal

EXTRACTOR_NAME = "news-entities"
#: Bump when extraction output changes: it is part of every event_id.
EXTRACTOR_VERSION = "1.19.0"

#: ENTITY_FILTER: whether the learned entity filter decides which typed entities are output.
EntityFilterSetting = Literal["on", "off"]
DEFAULT_ENTITY_FILTER: EntityFilterSetting = "off"

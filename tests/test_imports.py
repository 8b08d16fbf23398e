"""The CLI's Kafka commands and the worker's own process start without building the extraction grammar.

Importing the extractor (spaCy and the casualty and entity grammars) costs seconds of CPU; only the
processes that extract need it. Each check runs in a fresh interpreter, so nothing imported by this
test session can hide an eager import.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "service.extract.extractor", "service.extract.casualties", "service.extract.ner")


@pytest.mark.parametrize(
    "module",
    ["service.cli", "service.events", "service.pipeline", "service.stream.app", "service.stream.pool"],
)
def test_importing_the_cli_and_the_stream_does_not_build_the_extractor(module: str) -> None:
    code = f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_the_package_still_gives_the_extractor_on_first_use() -> None:
    code = (
        "import sys, service.extract as x; assert 'service.extract.extractor' not in sys.modules; "
        "from service.extract import Extractor, load_model; import service.extract.extractor as e; "
        "assert Extractor is e.Extractor and x.Extractor is e.Extractor and callable(load_model); print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "ok"


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    import service.extract

    with pytest.raises(AttributeError, match="no attribute 'Extracter'"):
        service.extract.Extracter  # noqa: B018

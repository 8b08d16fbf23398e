"""A clone alone passes its tests: nothing the tests or benchmarks read by default lives outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


def test_no_test_or_benchmark_builds_a_path_outside_the_repository():
    # `REPO.parent / "shared"` or "../shared" in code: a fresh clone has no such folder beside it.
    outside = re.compile(r"""parent\s*/\s*["']shared["']|["']\.\./shared""")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in [*REPO.glob("tests/**/*.py"), *REPO.glob("bench/**/*.py")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if outside.search(line) and path != Path(__file__)
    ]
    assert offenders == []


def test_every_test_data_file_is_listed_with_its_source_in_the_data_readme():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in DATA.iterdir() if p.is_file() and p.name != "README.md")
    assert files, "tests/data is empty"
    for name in files:
        assert f"`{name}`" in readme, f"tests/data/{name} has no line (source, licence) in tests/data/README.md"
    assert "CC BY-SA 4.0" in readme and "Wikipedia" in readme  # the WCEP samples' attribution


def test_aiokafka_clients_are_built_in_one_module_of_the_service():
    # service/, the tests' helpers and integration tests, and the benchmarks: one builder, service/kafka_clients.py.
    constructor = re.compile(r"\bAIOKafka(Producer|Consumer|AdminClient)\(|asyncio\.sleep\(0\)")
    sources = [path for folder in ("service", "tests", "bench") for path in (REPO / folder).rglob("*.py")]
    builders = sorted(
        str(path.relative_to(REPO))
        for path in sources
        if path != Path(__file__) and constructor.search(path.read_text(encoding="utf-8"))
    )
    assert builders == ["service/kafka_clients.py"]

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.kb_build import build_command
from bench.kb_pages import generate_pages, shipped_pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return generate_pages(tmp_path_factory.mktemp("pages"), 5)


def test_generator_writes_one_page_per_registry_entry(pages):
    registry = yaml.safe_load(pages.registry.read_text(encoding="utf-8"))["programmes"]
    files = sorted(path.name for path in pages.sources.glob("*.txt"))
    assert pages.count == 5
    assert sorted(entry["source"] for entry in registry) == files
    assert len({entry["id"] for entry in registry}) == 5
    assert registry[0]["id"] == "medical-radiophysics-m2-gen0000"
    assert registry[4]["id"] == "leuven-medical-physics-gen0004"


def test_generated_pages_differ_from_each_other(pages):
    texts = {path.read_text(encoding="utf-8") for path in pages.sources.glob("*.txt")}
    assert len(texts) == 5


def test_overrides_follow_their_programme(pages):
    registry = yaml.safe_load(pages.registry.read_text(encoding="utf-8"))["programmes"]
    overrides = yaml.safe_load(pages.overrides.read_text(encoding="utf-8"))["overrides"]
    ids = {entry["id"] for entry in registry}
    assert overrides
    assert {item["programme"] for item in overrides} <= ids


def test_the_knowledge_base_build_accepts_the_generated_pages(pages):
    from sqlite_utils import Database

    from knowledge.build import build

    report = build(
        Database(memory=True),
        sources_dir=pages.sources,
        registry_path=pages.registry,
        overrides_path=pages.overrides,
    )
    assert [page.programme for page in report.pages] == [
        "medical-radiophysics-m2-gen0000",
        "leuven-medical-physics-gen0001",
        "st4health-gen0002",
        "medical-radiophysics-m2-gen0003",
        "leuven-medical-physics-gen0004",
    ]
    assert all(page.fact_count > 0 for page in report.pages)


def test_shipped_pages_are_the_three_programmes():
    assert shipped_pages().count == 3


def test_build_command_uses_options_the_cli_knows(pages, tmp_path):
    command = build_command(pages, tmp_path / "kb.db")
    assert command[1:3] == ["kb", "build"]
    advisor = str(Path(sys.executable).with_name("advisor"))
    help_text = subprocess.run(
        [advisor, "kb", "build", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for option in (arg for arg in command if arg.startswith("--")):
        assert option in help_text

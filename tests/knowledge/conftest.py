"""Fixtures for the knowledge package: paths of the shipped inputs and a scratch copy of them."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
SOURCES = KNOWLEDGE / "sources"
REGISTRY = KNOWLEDGE / "programmes.yml"
OVERRIDES = KNOWLEDGE / "overrides.yml"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Return a writable copy of the sources, registry and overrides."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    registry = tmp_path / "programmes.yml"
    overrides = tmp_path / "overrides.yml"
    shutil.copy(REGISTRY, registry)
    shutil.copy(OVERRIDES, overrides)
    return {"sources_dir": sources, "registry_path": registry, "overrides_path": overrides}

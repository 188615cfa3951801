"""Fixtures shared across the suite: the knowledge base built in memory, the domain."""

import os
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "knowledge" / "sources"
REGISTRY = ROOT / "knowledge" / "programmes.yml"
OVERRIDES = ROOT / "knowledge" / "overrides.yml"


@pytest.fixture(scope="session")
def kb():
    """Return the knowledge base built from the shipped pages, in memory."""
    from knowledge.query import build_in_memory

    return build_in_memory(SOURCES, REGISTRY, OVERRIDES)


@pytest.fixture(scope="session")
def domain() -> dict:
    """Return domain.yml as the action server receives it."""
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))

"""Helpers several test packages share."""

from pathlib import Path

import sqlite_utils

from knowledge.build import build
from knowledge.query import KnowledgeBase


def build_in_memory(
    sources_dir: str | Path, registry_path: str | Path, overrides_path: str | Path | None
) -> KnowledgeBase:
    """Build a knowledge base in memory from pages, registry and overrides."""
    db = sqlite_utils.Database(memory=True)
    build(
        db,
        sources_dir=Path(sources_dir),
        registry_path=Path(registry_path),
        overrides_path=Path(overrides_path) if overrides_path else None,
    )
    return KnowledgeBase(db)

"""Knowledge-base build time through the real CLI, for the shipped pages and many generated ones."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from bench.kb_pages import PageSet, generate_pages, shipped_pages
from bench.stack import advisor_binary
from bench.stats import repeat_timed
from settings import PROJECT_ROOT

logger = logging.getLogger(__name__)


def build_command(pages: PageSet, db_path: Path) -> list[str]:
    """Return the `advisor kb build` command for a page set."""
    return [
        advisor_binary(), "kb", "build",
        "--sources", str(pages.sources),
        "--registry", str(pages.registry),
        "--overrides", str(pages.overrides),
        "--db", str(db_path),
    ]  # fmt: skip


def build_once(pages: PageSet, db_path: Path) -> None:
    """Build a knowledge base from a page set, failing loudly if the build fails."""
    subprocess.run(
        build_command(pages, db_path), check=True, cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def measure_kb_build(workdir: Path, *, generated: int, runs: int) -> dict:
    """Return build-time summaries for the shipped pages and for `generated` variant pages."""
    shipped = shipped_pages()
    many = generate_pages(workdir / "generated", generated)
    return {
        f"{shipped.count}_pages": repeat_timed(
            lambda: build_once(shipped, workdir / "shipped.db"), runs
        ),
        f"{generated}_pages": repeat_timed(lambda: build_once(many, workdir / "many.db"), runs),
    }

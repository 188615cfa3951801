"""What the benchmark sections share: configuration, scratch folder, model, KB, quiet logs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bench.config import BenchConfig


@dataclass
class Context:
    """What sections share: the configuration, a scratch folder, the model and the KB."""

    config: BenchConfig
    workdir: Path
    model: Path | None = None
    kb_path: Path | None = None

    def served_model(self) -> Path:
        from bot.rasa.training import ensure_model
        from settings import Settings

        if self.model is None:
            self.model = ensure_model(Settings())  # trains only if the data changed
        return self.model

    def knowledge_base(self) -> Path:
        from bench.stack import build_kb

        if self.kb_path is None:
            self.kb_path = build_kb(self.workdir / "knowledge.db")
        return self.kb_path


def progress(message: str) -> None:
    """Tell the person waiting what the benchmark is doing now."""
    print(f"[bench]   {message}", flush=True)


def quiet_rasa() -> None:
    """Keep Rasa's in-process logging (debug structlog per parse) out of the timings."""
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

"""How big a benchmark run is: the full configuration and the tiny --quick one."""

from __future__ import annotations

from dataclasses import asdict, dataclass

SECTIONS = ("nlu", "serving", "startup", "train", "kb", "transcripts", "answers")


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and repetitions of one benchmark run."""

    quick: bool
    runs: int  # repetitions of every timing
    students: tuple[int, ...]  # concurrency levels of the serving run
    conversations: int  # five-turn conversations per serving run (spread over the students)
    generated_pages: int
    transcript_conversations: int
    clinc_limit: int | None  # held-out CLINC sentences parsed (None: all)
    rasa_default: bool  # train the Rasa-default baseline

    def describe(self) -> dict:
        """Return the configuration as plain JSON values."""
        return asdict(self)

    def notes(self) -> list[str]:
        """Return what a reader must know to interpret results of this configuration."""
        notes = [
            "REST load: aiohttp client in the benchmark process, on the same 2 cores as the "
            "servers; every message runs a custom action; SQLite tracker store in a temp dir.",
            "OOS recall: held-out CLINC texts predicted out_of_scope or nlu_fallback at each "
            "config's FallbackClassifier threshold (TF-IDF: our threshold, no ambiguity rule; "
            "its C chosen by 3-fold CV on the training data only).",
            "Intent accuracy and macro-F1 are on the raw top intent of tests/nlu_data/heldout.yml.",
        ]
        if self.rasa_default:
            notes.append(
                "Rasa-default baseline: NLU-only training (train_nlu), a single run; its "
                "policies (TEDPolicy) are not trained."
            )
        if self.quick:
            notes.append(
                "--quick: one run each, few messages, first "
                f"{self.clinc_limit} CLINC sentences only; numbers are not comparable."
            )
        return notes


FULL = BenchConfig(
    quick=False, runs=3, students=(1, 8, 32), conversations=40, generated_pages=300,
    transcript_conversations=10_000, clinc_limit=None, rasa_default=True,
)  # fmt: skip
QUICK = BenchConfig(
    quick=True, runs=1, students=(1, 2), conversations=4, generated_pages=30,
    transcript_conversations=200, clinc_limit=300, rasa_default=False,
)  # fmt: skip

"""How big a benchmark run is: the full configuration and the tiny --quick one."""

from __future__ import annotations

from dataclasses import asdict, dataclass

SECTIONS = (
    "nlu", "serving", "stock", "baseline", "felt", "startup", "train", "kb", "transcripts",
    "answers", "pages",
)  # fmt: skip


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and repetitions of one benchmark run."""

    quick: bool
    runs: int  # repetitions of every timing
    students: tuple[int, ...]  # concurrency levels of the serving run
    conversations: int  # five-turn conversations per serving run (spread over the students)
    generated_pages: int
    transcript_conversations: int
    clinc_limit: int | None  # CLINC dev and test sentences parsed, each (None: all)
    rasa_default: bool  # train the Rasa-default baseline

    def describe(self) -> dict:
        """Return the configuration as plain JSON values."""
        return asdict(self)

    def notes(self) -> list[str]:
        """Return what a reader must know to interpret results of this configuration."""
        notes = [
            "REST load: aiohttp client in the benchmark process, on the same 2 cores as the "
            "servers; every message runs a custom action; SQLite tracker store in a temp dir.",
            "References served in the same run under the same load (one run per level): the "
            "stock bot (`rasa init` pipeline and policies on our domain and data, plain "
            "`rasa run`, in-memory tracker store, our action server) and the baseline commit "
            "of bench/baseline.txt (its own `advisor run`). Ratios in the README are ours / "
            "stock. The stock bot's training time comes from when its cached model was trained.",
            "OOS recall: CLINC150 test sentences (intents with no sentence in train or dev, plus "
            "half of CLINC's oos file) declined, i.e. decided out_of_scope or nlu_fallback; "
            "95 % Wilson intervals in brackets.",
            "Intent accuracy and macro-F1 are on eval/nlu/test.yml with the fallback applied: "
            "nlu_fallback is wrong for an in-scope question, right (a decline) for an "
            "out-of-scope one. Dev figures are beside them: everything was tuned on dev.",
            "Like for like: each pipeline's fallback threshold / ambiguity is chosen on dev by the "
            "same rule (bench.nlu_metrics.tune_threshold); TF-IDF's C by 3-fold CV on train.",
        ]
        if self.rasa_default:
            notes.append(
                "Rasa-default baseline: NLU-only training (train_nlu), a single deterministic "
                "run, cached under bench/cache/ by a hash of its config and data/nlu; its "
                "policies (TEDPolicy) are not trained."
            )
        if self.quick:
            notes.append(
                "--quick: one run each, few messages and students, no Rasa-default baseline: "
                "speed numbers are not comparable with a full run (NLU figures are: same sets)."
            )
        return notes


FULL = BenchConfig(
    quick=False, runs=3, students=(1, 8, 32), conversations=40, generated_pages=300,
    transcript_conversations=10_000, clinc_limit=None, rasa_default=True,
)  # fmt: skip
QUICK = BenchConfig(
    quick=True, runs=1, students=(1, 2), conversations=4, generated_pages=30,
    transcript_conversations=200, clinc_limit=None, rasa_default=False,
)  # fmt: skip

"""Where the training, dev and test data live (eval/README.md describes every set)."""

from __future__ import annotations

from settings import PROJECT_ROOT

NLU_TRAIN = PROJECT_ROOT / "data" / "nlu"
EVAL = PROJECT_ROOT / "eval"
NLU_DEV = EVAL / "nlu" / "dev.yml"
NLU_TEST = EVAL / "nlu" / "test.yml"
QUESTIONS = EVAL / "questions"
CACHE = PROJECT_ROOT / "bench" / "cache"  # git-ignored: models and checkouts reused across runs

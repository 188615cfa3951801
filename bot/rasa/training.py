"""Train the Rasa model only when what it learns from changed (a content hash names the model)."""

import hashlib
import logging
import subprocess
import sys
from pathlib import Path

from settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
MODEL_PREFIX = "advisor-"

# Same data, same model: DIET's random_seed fixes its initial weights and batch order, but
# TensorFlow's multi-threaded reductions sum in a varying order, so confidences near the
# fallback threshold could flip between two trainings. One TF thread and deterministic ops
# make training reproducible (tests/rasa/test_training_determinism.py checks it).
DETERMINISTIC_ENV = {
    "TF_DETERMINISTIC_OPS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}


def deterministic_tensorflow() -> None:
    """Make in-process training reproducible (for trainings that do not go through `rasa`)."""
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.experimental.enable_op_determinism()


def training_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Hash the config, domain and training data (names and bytes) into a short fingerprint."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(settings: Settings, fingerprint: str) -> Path:
    """Return where the model trained from `fingerprint` lives."""
    return settings.models_dir / f"{MODEL_PREFIX}{fingerprint}.tar.gz"


def ensure_model(settings: Settings, *, force: bool = False) -> Path:
    """Return a model trained on the current data, training one only when none matches."""
    fingerprint = training_fingerprint()
    target = model_path(settings, fingerprint)
    if target.exists() and not force:
        logger.info("model %s is up to date", target.name)
        return target
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).with_name("rasa")),
        "train",
        "--config", "config.yml",
        "--domain", "domain.yml",
        "--data", "data",
        "--out", str(settings.models_dir),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    logger.info("training %s", target.name)
    env = {**settings.child_environment(), **DETERMINISTIC_ENV}
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True)
    return target

"""Train NLU pipelines reproducibly and turn parses into raw predictions."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import click

from bench.paths import NLU_TRAIN
from settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

FALLBACK = "nlu_fallback"
# Set on every message by bot.rasa.language_detector, never annotated: not part of entity F1.
LANGUAGE_ENTITY = "language"


def fallback_settings(config_path: Path) -> tuple[float, float]:
    """Return (threshold, ambiguity_threshold) of the config's FallbackClassifier."""
    import yaml

    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return component.get("threshold", 0.3), component.get("ambiguity_threshold", 0.1)
    return 0.0, 0.0


def raw_prediction(parsed: dict) -> dict:
    """Return the top intent, its confidence and margin, ignoring nlu_fallback."""
    ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != FALLBACK]
    top = ranking[0] if ranking else {"name": None, "confidence": 0.0}
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    entities = sorted(
        {
            (e["entity"], str(e["value"]))
            for e in parsed.get("entities", [])
            if e["entity"] != LANGUAGE_ENTITY
        }
    )
    return {
        "intent": top["name"],
        "confidence": float(top["confidence"]),
        "margin": float(top["confidence"] - second),
        "entities": entities,
    }


def load_examples(path: Path) -> list[dict]:
    """Return examples with gold intent and (entity, value) pairs after the training synonyms."""
    from rasa.shared.importers.utils import training_data_from_paths

    train = training_data_from_paths([str(p) for p in sorted(NLU_TRAIN.glob("*.yml"))], "en")
    synonyms = {k.lower(): v for k, v in train.entity_synonyms.items()}
    test = training_data_from_paths([str(path)], "en")
    examples = []
    for message in test.intent_examples:
        gold_entities = set()
        for entity in message.get("entities") or []:
            surface = message.get("text")[entity["start"] : entity["end"]]
            value = entity.get("value", surface)
            gold_entities.add((entity["entity"], synonyms.get(str(value).lower(), str(value))))
        examples.append(
            {
                "text": message.get("text"),
                "intent": message.get("intent"),
                "entities": sorted(gold_entities),
            }
        )
    return examples


async def parse_all(agent, texts: list[str]) -> tuple[list[dict], list[float]]:
    """Parse texts one by one; return raw predictions and per-message latencies in ms."""
    predictions, latencies = [], []
    for text in texts:
        start = time.perf_counter()
        parsed = await agent.parse_message(text)
        latencies.append((time.perf_counter() - start) * 1000)
        predictions.append(raw_prediction(parsed))
    return predictions, latencies


def data_hash(config_path: Path, nlu_dir: Path = NLU_TRAIN) -> str:
    """Hash a config and the NLU training files: the key of a cached model."""
    digest = hashlib.sha256(Path(config_path).read_bytes())
    for path in sorted(Path(nlu_dir).glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train_nlu_model(config_path: Path, out_dir: Path, name: str) -> tuple[Path, float, float]:
    """Train an NLU-only model in-process, reproducibly; return (path, wall s, CPU s)."""
    import os

    from rasa.model_training import train_nlu

    from bot.rasa.training import deterministic_tensorflow

    os.environ["RASA_MAX_CACHE_SIZE"] = "0"  # no cache hits: measure real training time
    deterministic_tensorflow()
    start, cpu_start = time.perf_counter(), time.process_time()
    model_path = train_nlu(
        config=str(config_path), nlu_data=str(NLU_TRAIN), output=str(out_dir),
        fixed_model_name=name,
    )  # fmt: skip
    return Path(model_path), time.perf_counter() - start, time.process_time() - cpu_start


def cached_nlu_model(config_path: Path, cache_dir: Path) -> tuple[Path, dict]:
    """Return a model of config_path on the current data, training it only on a cache miss.

    A miss trains in a child process: TensorFlow's thread settings, which make training
    reproducible, can only be made before TensorFlow first runs, and the benchmark process has
    already loaded our own model by then.
    """
    key = f"{Path(config_path).stem}-{data_hash(config_path)}"
    model = cache_dir / f"{key}.tar.gz"
    meta_path = cache_dir / f"{key}.json"
    if model.exists() and meta_path.exists():
        logger.info("cached model %s", model.name)
        return model, {**json.loads(meta_path.read_text(encoding="utf-8")), "cached": True}
    cache_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "bench.predict", str(config_path), str(cache_dir), key],
        check=True, cwd=PROJECT_ROOT,
    )  # fmt: skip
    return model, {**json.loads(meta_path.read_text(encoding="utf-8")), "cached": False}


@click.command(
    help="Train one NLU-only model reproducibly and write NAME.tar.gz and NAME.json (its "
    "training times) into OUT_DIR.\n\nExample: python -m bench.predict "
    "bench/pipelines/rasa_default.yml bench/cache rasa_default-manual"
)
@click.argument("config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("name")
def main(config_path: Path, out_dir: Path, name: str) -> None:
    """Train and record the wall and CPU seconds beside the model."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path, wall, cpu = train_nlu_model(config_path, out_dir, name)
    meta = {"train_seconds": wall, "train_cpu_seconds": cpu}
    (out_dir / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    click.echo(f"model: {path} ({wall:.0f} s)")


if __name__ == "__main__":
    main()

"""Find evaluation texts that are (nearly) training examples, so train and eval stay apart."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import yaml

NLU_DIR = Path(__file__).resolve().parent.parent / "data" / "nlu"
# Ratio of difflib's SequenceMatcher on normalised text at or above which two texts count as
# the same question: catches a changed letter, plural or article, not a rephrasing.
NEAR = 0.9
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_TOKEN = re.compile(r"[a-z0-9€£$%]+")


def normalise(text: str) -> str:
    """Lower-case, accents off, entity annotations unwrapped, punctuation dropped."""
    text = _ANNOTATION.sub(r"\1", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(text))


def training_examples(folder: Path = NLU_DIR) -> list[str]:
    """Return every example text of the NLU training files (intents, synonyms, lookups)."""
    examples = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append(line[2:])
    return examples


def near_duplicates(texts: list[str], corpus: list[str], threshold: float = NEAR) -> list[tuple]:
    """Return (text, corpus example, ratio) for every text at or above threshold."""
    known = {normalise(example): example for example in corpus}
    found = []
    for text in texts:
        flat = normalise(text)
        if flat in known:
            found.append((text, known[flat], 1.0))
            continue
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(flat)
        for candidate, example in known.items():
            # Cheap bounds first: the ratio can't reach the threshold if lengths differ a lot.
            total = len(candidate) + len(flat)
            if not total or 2 * min(len(candidate), len(flat)) / total < threshold:
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                ratio = matcher.ratio()
                if ratio >= threshold:
                    found.append((text, example, round(ratio, 3)))
                    break
    return found

"""Find texts shared between evaluation sets, exactly or nearly.

The rule (stated in eval/README.md): two texts are the same case when, after normalisation
(entity markup `[text](entity)` removed, lower case, accents kept, every run of characters
other than letters and digits read as a word break), they are equal, or the Jaccard
similarity of their word-trigram sets, |A ∩ B| / |A ∪ B|, is at least NEAR (0.8). A text of
fewer than three words has its whole word sequence as its only "trigram", so it matches only
an equal text. At 0.8 a ten-word sentence with two words added or changed at one end still
counts as the same case.

Readers: Rasa NLU YAML (`nlu:` with `examples: |` blocks; synonyms, lookups and regexes are
not examples) and the question bank (a list of conversations with `turns[].text`).

    python -m bench.overlap data/nlu eval/nlu/dev.yml eval/nlu/test.yml
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

NEAR = 0.8
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Pair:
    """Two texts of different sets that count as one case."""

    left_set: str
    left: str
    right_set: str
    right: str
    similarity: float


def normalise(text: str) -> tuple[str, ...]:
    """Return the words of a text with markup, case and punctuation removed."""
    return tuple(_WORD.findall(_ENTITY.sub(r"\1", text).lower()))


def trigrams(words: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """Return the word trigrams of a text (the whole sequence when shorter than three)."""
    if len(words) < 3:
        return frozenset({words}) if words else frozenset()
    return frozenset(words[i : i + 3] for i in range(len(words) - 2))


def similarity(left: str, right: str) -> float:
    """Return 1.0 for equal normalised texts, else the Jaccard similarity of their trigrams."""
    a, b = normalise(left), normalise(right)
    if a == b:
        return 1.0
    grams_a, grams_b = trigrams(a), trigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def nlu_texts(path: Path) -> list[str]:
    """Return the example texts of a Rasa NLU YAML file (intent examples only)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.append(line[2:].strip())
    return texts


def question_texts(path: Path) -> list[str]:
    """Return every turn's text of a question bank file (a list of conversations)."""
    import yaml

    conversations = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        str(turn["text"])
        for conversation in conversations
        for turn in conversation.get("turns") or []
        if turn.get("text")
    ]


def read_texts(path: Path) -> list[str]:
    """Return the texts of a file or of every *.yml file in a folder, whatever its format."""
    import yaml

    path = Path(path)
    if path.is_dir():
        return [text for child in sorted(path.glob("*.yml")) for text in read_texts(child)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "nlu" in data:
        return nlu_texts(path)
    if isinstance(data, list):
        return question_texts(path)
    return []


def shared_texts(sets: dict[str, Iterable[str]], *, near: float = NEAR) -> list[Pair]:
    """Return every pair of texts from two different sets that are equal or near (>= near)."""
    # Texts are compared only when they share a trigram (or, for short texts, are equal).
    index: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for name, texts in sets.items():
        for text in dict.fromkeys(texts):
            for gram in trigrams(normalise(text)):
                index[gram].append((name, text))
    candidates: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for entries in index.values():
        for i, first in enumerate(entries):
            for second in entries[i + 1 :]:
                if first[0] != second[0]:
                    candidates.add((min(first, second), max(first, second)))
    grams = {entry: trigrams(normalise(entry[1])) for pair in candidates for entry in pair}
    pairs = []
    for (left_set, left), (right_set, right) in sorted(candidates):
        a, b = grams[(left_set, left)], grams[(right_set, right)]
        value = len(a & b) / len(a | b)
        if value >= near:
            pairs.append(Pair(left_set, left, right_set, right, round(value, 3)))
    return pairs


@click.command(
    help=__doc__.splitlines()[0]
    + "\n\nExample: python -m bench.overlap data/nlu eval/nlu/dev.yml eval/nlu/test.yml"
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--near", type=float, default=NEAR, show_default=True, help="similarity threshold")
def main(paths: tuple[Path, ...], near: float) -> None:
    """List the pairs of texts shared between the sets; exit 1 when there is any."""
    pairs = shared_texts({str(path): read_texts(path) for path in paths}, near=near)
    for pair in pairs:
        click.echo(
            f"{pair.similarity:.2f}  {pair.left_set}: {pair.left!r}\n"
            f"      {pair.right_set}: {pair.right!r}"
        )
    click.echo(f"{len(pairs)} shared pair(s)")
    raise SystemExit(1 if pairs else 0)


if __name__ == "__main__":
    main()

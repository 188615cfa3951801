"""Split the CLINC150 dev data into a part we train out_of_scope on and a part we only measure.

The split is a pure function of each sentence's text (a SHA-1 bucket), so it never changes
between runs or machines. Every CLINC sentence is out of scope for the programme advisor,
except the small-talk labels that map onto our own intents (greet, goodbye, thanks,
bot_challenge, affirm, deny): those are left out of both parts.

    python -m bench.oos_split --write   # rewrite the CLINC block of data/nlu/out_of_scope.yml
    python -m bench.oos_split           # print the sizes of both parts
"""

from __future__ import annotations

import argparse
import hashlib
import os
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL_DATA = Path(os.environ.get("CLINC_DIR", REPO.parent / "shared" / "eval-data"))
OOS_FILE = "clinc150-oos-dev.tsv"
IN_DOMAIN_FILE = "clinc150-in-domain-dev.tsv"
NLU_FILE = REPO / "data" / "nlu" / "out_of_scope.yml"
MARKER = "  # --- CLINC150 train split: written by `python -m bench.oos_split --write` ---"
BLOCK_HEAD = "  - intent: out_of_scope\n    examples: |"

# CLINC labels that are in scope for us (they match greet, goodbye, thanks, bot_challenge,
# affirm, deny): training them as out_of_scope would break those intents.
OUR_SMALL_TALK = frozenset({"greeting", "goodbye", "thank_you", "are_you_a_bot", "yes", "no"})
OOS_TRAIN_PERCENT = 25  # share of oos-dev trained on
IN_DOMAIN_PER_LABEL = 1  # sentences per CLINC in-domain label trained on


def bucket(text: str) -> int:
    """Return a stable bucket in [0, 100) for a sentence."""
    digest = hashlib.sha1(text.strip().lower().encode("utf-8")).hexdigest()
    return int(digest, 16) % 100


def _read(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (EVAL_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            rows.append((label, text.strip()))
    return rows


def split_clinc() -> tuple[list[str], list[str]]:
    """Return (train, heldout) CLINC texts; the two never overlap."""
    train: list[str] = []
    heldout: list[str] = []
    for _, text in _read(OOS_FILE):
        (train if bucket(text) < OOS_TRAIN_PERCENT else heldout).append(text)
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, text in _read(IN_DOMAIN_FILE):
        if label not in OUR_SMALL_TALK:
            by_label[label].append(text)
    for label in sorted(by_label):
        ranked = sorted(by_label[label], key=lambda t: (hashlib.sha1(t.encode()).hexdigest(), t))
        train.extend(ranked[:IN_DOMAIN_PER_LABEL])
        heldout.extend(ranked[IN_DOMAIN_PER_LABEL:])
    train_set = set(train)
    heldout = [t for t in dict.fromkeys(heldout) if t not in train_set]
    return list(dict.fromkeys(train)), heldout


def train_clinc() -> list[str]:
    """Return the CLINC texts trained as out_of_scope."""
    return split_clinc()[0]


def heldout_clinc() -> list[str]:
    """Return the CLINC texts never trained on (all out of scope for the advisor)."""
    return split_clinc()[1]


def write_training_block(path: Path = NLU_FILE) -> int:
    """Replace everything after MARKER in the out_of_scope file with the train split."""
    text = path.read_text(encoding="utf-8")
    head = text.split(MARKER, 1)[0].rstrip("\n")
    sentences = train_clinc()
    lines = [head, MARKER, BLOCK_HEAD] + [f"      - {t}" for t in sentences]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the CLINC training block")
    args = parser.parse_args()
    train, heldout = split_clinc()
    print(f"train: {len(train)}  heldout: {len(heldout)}")
    if args.write:
        print(f"wrote {write_training_block()} sentences to {NLU_FILE}")


if __name__ == "__main__":
    main()

"""Split the vendored CLINC150 data (eval/clinc150/) into train, dev and test parts.

The split is a pure function of CLINC labels and sentence texts (SHA-1 buckets), so it never
changes between runs or machines. It is by *label*: a CLINC intent (e.g. `credit_score`) is a
train, dev or test label, and the test part holds only labels with no sentence in train or dev,
so test out-of-scope recall is measured on topics the model never saw.

- train labels: TRAIN_PER_LABEL sentences each are trained as out_of_scope, the rest go to dev;
- dev labels: every sentence goes to dev (unseen topics to tune the fallback threshold on);
- test labels: every sentence goes to test;
- the label-less `oos` file is split by sentence: OOS_TRAIN_PERCENT / OOS_DEV_PERCENT / rest.

CLINC labels that are in scope for us (OUR_INTENTS) are in no part. See eval/README.md.

    python -m bench.oos_split --write   # rewrite the CLINC block of data/nlu/out_of_scope.yml
    python -m bench.oos_split           # print the sizes of the parts
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
CLINC_DIR = REPO / "eval" / "clinc150"
OOS_FILE = "clinc150-oos-dev.tsv"
IN_DOMAIN_FILE = "clinc150-in-domain-dev.tsv"
NLU_FILE = REPO / "data" / "nlu" / "out_of_scope.yml"
MARKER = "  # --- CLINC150 train split: written by `python -m bench.oos_split --write` ---"
BLOCK_HEAD = "  - intent: out_of_scope\n    examples: |"

# CLINC labels that are in scope for us (they match greet, goodbye, thanks, bot_challenge,
# affirm, deny, and list_programmes for "what can I ask you"): training them as out_of_scope
# would break those intents, and counting them as out of scope would be a wrong gold label.
OUR_INTENTS = frozenset(
    {"greeting", "goodbye", "thank_you", "are_you_a_bot", "yes", "no", "what_can_i_ask_you"}
)
TRAIN_LABEL_PERCENT = 50  # label buckets [0, 50): train labels
DEV_LABEL_PERCENT = 20  # [50, 70): dev labels; [70, 100): test labels
TRAIN_PER_LABEL = 2  # sentences per train label trained on
OOS_TRAIN_PERCENT = 25  # share of the `oos` file trained on
OOS_DEV_PERCENT = 25  # share of the `oos` file in dev; the rest (50 %) is test


@dataclass(frozen=True)
class ClincSplit:
    """The three disjoint parts, and which CLINC labels each part's sentences come from."""

    train: list[str]
    dev: list[str]
    test: list[str]
    train_labels: frozenset[str]
    dev_labels: frozenset[str]
    test_labels: frozenset[str]
    test_unseen: list[str]  # the test sentences of test labels (the `oos` file share excluded)


def bucket(text: str) -> int:
    """Return a stable bucket in [0, 100) for a sentence or a label."""
    digest = hashlib.sha1(text.strip().lower().encode("utf-8")).hexdigest()
    return int(digest, 16) % 100


def _sentence_order(text: str) -> tuple[str, str]:
    return hashlib.sha1(text.encode()).hexdigest(), text


def label_part(label: str) -> str:
    """Return 'train', 'dev' or 'test' for a CLINC in-domain label."""
    value = bucket(f"label:{label}")
    if value < TRAIN_LABEL_PERCENT:
        return "train"
    return "dev" if value < TRAIN_LABEL_PERCENT + DEV_LABEL_PERCENT else "test"


def read_tsv(name: str, directory: Path = CLINC_DIR) -> list[tuple[str, str]]:
    """Return (label, text) rows of one vendored CLINC150 file."""
    rows = []
    for line in (directory / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            rows.append((label, text.strip()))
    return rows


def _unique(texts: list[str], *taken: set[str]) -> list[str]:
    """Drop repeats within texts and texts already in an earlier part."""
    return [text for text in dict.fromkeys(texts) if not any(text in part for part in taken)]


def split_clinc(directory: Path = CLINC_DIR) -> ClincSplit:
    """Return the train, dev and test CLINC texts; no text is in two parts."""
    parts: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for _, text in read_tsv(OOS_FILE, directory):
        value = bucket(text)
        part = "train" if value < OOS_TRAIN_PERCENT else "dev"
        parts["test" if value >= OOS_TRAIN_PERCENT + OOS_DEV_PERCENT else part].append(text)
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, text in read_tsv(IN_DOMAIN_FILE, directory):
        if label not in OUR_INTENTS:
            by_label[label].append(text)
    labels: dict[str, set[str]] = {"train": set(), "dev": set(), "test": set()}
    unseen: list[str] = []
    for label in sorted(by_label):
        part = label_part(label)
        labels[part].add(label)
        if part == "train":
            ranked = sorted(by_label[label], key=_sentence_order)
            parts["train"].extend(ranked[:TRAIN_PER_LABEL])
            parts["dev"].extend(ranked[TRAIN_PER_LABEL:])
        else:
            parts[part].extend(by_label[label])
            if part == "test":
                unseen.extend(by_label[label])
    train = _unique(parts["train"])
    dev = _unique(parts["dev"], set(train))
    test = _unique(parts["test"], set(train), set(dev))
    # A CLINC sentence nearly equal to a training text (ours or CLINC's) is not unseen.
    leaked = _near_copies({"train": trained_texts(train), "dev": dev, "test": test})
    dev = [text for text in dev if ("dev", text) not in leaked]
    test = [text for text in test if ("test", text) not in leaked]
    test_set = set(test)
    return ClincSplit(
        train=train,
        dev=dev,
        test=test,
        train_labels=frozenset(labels["train"]),
        dev_labels=frozenset(labels["dev"]),
        test_labels=frozenset(labels["test"]),
        test_unseen=[text for text in dict.fromkeys(unseen) if text in test_set],
    )


def trained_texts(clinc_train: list[str]) -> list[str]:
    """Return every text the model trains on: data/nlu/ and the CLINC train part."""
    from bench.overlap import read_texts

    return read_texts(NLU_FILE.parent) + clinc_train


def _near_copies(sets: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Return (set, text) of dev and test texts to drop: near copies of train, or test of dev."""
    from bench.overlap import shared_texts

    drop = set()
    for pair in shared_texts(sets):
        sides = {pair.left_set: pair.left, pair.right_set: pair.right}
        later = "test" if "test" in sides else "dev"  # keep train, then dev
        drop.add((later, sides[later]))
    return drop


def train_clinc() -> list[str]:
    """Return the CLINC texts trained as out_of_scope."""
    return split_clinc().train


def dev_clinc() -> list[str]:
    """Return the CLINC texts thresholds and pipelines may be tuned on (all out of scope)."""
    return split_clinc().dev


def test_clinc() -> list[str]:
    """Return the CLINC texts only reported on (all out of scope for the advisor)."""
    return split_clinc().test


def write_training_block(path: Path = NLU_FILE) -> int:
    """Replace everything after MARKER in the out_of_scope file with the train split."""
    text = path.read_text(encoding="utf-8")
    head = text.split(MARKER, 1)[0].rstrip("\n")
    sentences = train_clinc()
    lines = [head, MARKER, BLOCK_HEAD] + [f"      - {t}" for t in sentences]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(sentences)


@click.command(help=__doc__.splitlines()[0] + "\n\nExample: python -m bench.oos_split --write")
@click.option("--write", is_flag=True, help="rewrite the CLINC training block")
def main(write: bool) -> None:
    """Print the sizes of the CLINC parts; rewrite the training block with --write."""
    split = split_clinc()
    click.echo(
        f"train: {len(split.train)} ({len(split.train_labels)} labels)  "
        f"dev: {len(split.dev)} ({len(split.dev_labels)} unseen labels)  "
        f"test: {len(split.test)} ({len(split.test_labels)} unseen labels: "
        f"{len(split.test_unseen)} sentences)"
    )
    if write:
        click.echo(f"wrote {write_training_block()} sentences to {NLU_FILE}")


if __name__ == "__main__":
    main()

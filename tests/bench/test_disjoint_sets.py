"""Train, dev and test share no text, exactly or nearly (rule: bench/overlap.py)."""

import pytest

from bench.oos_split import split_clinc
from bench.overlap import NEAR, read_texts, shared_texts, similarity
from bench.paths import NLU_DEV, NLU_TEST, NLU_TRAIN, QUESTIONS


def _sets() -> dict[str, list[str]]:
    clinc = split_clinc()
    sets = {
        "train": read_texts(NLU_TRAIN),
        "dev": read_texts(NLU_DEV) + clinc.dev,
        "test": read_texts(NLU_TEST) + clinc.test,
    }
    # The student question bank joins the same sets when it exists.
    for split in ("dev", "test"):
        path = QUESTIONS / f"{split}.yml"
        if path.exists():
            sets[split] += read_texts(path)
    return sets


def test_no_text_is_in_two_sets():
    pairs = shared_texts(_sets())
    listed = "\n".join(f"{p.similarity} {p.left_set}: {p.left!r} / {p.right_set}: {p.right!r}"
                       for p in pairs[:20])  # fmt: skip
    assert not pairs, f"{len(pairs)} shared pair(s):\n{listed}"


def test_every_set_is_large_enough_to_mean_something():
    sets = _sets()
    assert len(read_texts(NLU_TEST)) >= 200
    assert len(read_texts(NLU_DEV)) >= 200
    assert len(sets["train"]) > 1000


def test_clinc_test_labels_have_no_sentence_in_train_or_dev():
    clinc = split_clinc()
    assert not clinc.test_labels & (clinc.train_labels | clinc.dev_labels)
    assert len(clinc.test_unseen) >= 500
    assert set(clinc.test_unseen) <= set(clinc.test)
    assert not set(clinc.test) & (set(clinc.train) | set(clinc.dev))


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("What is the fee?", "what is the FEE", True),
        ("[Leuven](programme) deadline please", "leuven deadline please", True),
        ("when is the deadline for the leuven certificate", "when is the deadline for the "
         "leuven certificate please", True),
        ("where?", "where does this come from?", False),
        ("who should I contact?", "who should I contact about admissions", False),
    ],
)  # fmt: skip
def test_the_rule(left, right, same):
    assert (similarity(left, right) >= NEAR) is same


def test_a_near_copy_across_sets_is_reported_and_one_inside_a_set_is_not():
    sets = {
        "a": ["how much does the programme cost per year", "how much does the programme cost"],
        "b": ["how much does the programme cost per year ?", "something else entirely"],
    }
    pairs = shared_texts(sets)
    assert [(p.left_set, p.right_set) for p in pairs] == [("a", "b")]


def test_question_bank_files_are_read(tmp_path):
    bank = tmp_path / "bank.yml"
    bank.write_text(
        "- id: fees-01\n  category: typos\n  turns:\n"
        "    - text: how much is st4helth\n      expect: {facts: ['3 879']}\n"
        "    - text: and for leuven?\n      expect: {not_stated: true}\n",
        encoding="utf-8",
    )
    assert read_texts(bank) == ["how much is st4helth", "and for leuven?"]

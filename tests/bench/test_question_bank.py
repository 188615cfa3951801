"""The student question bank (eval/questions/) is well formed, grounded and apart from training."""

from collections import Counter

import pytest

from bench.answers import CATEGORIES, bank_problems, load_bank, shipped_pages
from bench.near_duplicates import near_duplicates, normalise, training_examples

SPLITS = ("dev", "test")


@pytest.fixture(scope="module")
def bank() -> dict[str, list[dict]]:
    return {split: load_bank(split) for split in SPLITS}


@pytest.mark.parametrize("split", SPLITS)
def test_every_case_is_well_formed_and_every_fact_is_on_a_shipped_page(bank, split):
    assert bank_problems(bank[split], shipped_pages()) == []


def test_ids_are_unique_across_the_splits(bank):
    ids = [case["id"] for split in SPLITS for case in bank[split]]
    assert len(ids) == len(set(ids))


def test_at_least_300_questions_and_20_per_category(bank):
    per_category = Counter()
    for split in SPLITS:
        for case in bank[split]:
            per_category[case["category"]] += len(case["turns"])
    assert sum(per_category.values()) >= 320
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 20, per_category


def test_dev_is_about_40_percent_by_conversation_and_each_split_has_every_category(bank):
    dev, test = len(bank["dev"]), len(bank["test"])
    assert 0.35 <= dev / (dev + test) <= 0.45
    for split in SPLITS:
        assert {case["category"] for case in bank[split]} == set(CATEGORIES)


def test_follow_ups_are_conversations(bank):
    follow_ups = [c for s in SPLITS for c in bank[s] if c["category"] == "follow_ups"]
    assert all(len(case["turns"]) >= 2 for case in follow_ups)


def test_no_bank_question_is_in_the_training_data(bank):
    questions = [turn["text"] for split in SPLITS for case in bank[split] for turn in case["turns"]]
    examples = training_examples()
    assert len(examples) > 500  # the NLU files were found and read
    assert near_duplicates(questions, examples) == []


@pytest.mark.parametrize(
    ("text", "corpus", "found"),
    [
        ("How much is tuition?", ["how much is [tuition](topic)"], True),
        ("what are the fees for ST4Health", ["What are the fee for ST4Health?"], True),
        ("Quels sont les frais ?", ["quels sont les frais"], True),
        ("do I qualify with a nursing degree from Lagos?", ["what are the fees?"], False),
        ("fees", ["deadlines"], False),
    ],
)
def test_near_duplicate_checker(text, corpus, found):
    assert bool(near_duplicates([text], corpus)) is found


def test_normalise_unwraps_entity_annotations_and_accents():
    assert normalise('Le [coût]{"entity": "topic"} à l\'ENS ?') == "le cout a l ens"

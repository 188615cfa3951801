"""The typo-tolerant word match gives the full difflib ratio's verdict, shortcuts or not."""

from difflib import SequenceMatcher

from hypothesis import given
from hypothesis import strategies as st

from knowledge.resolve import GENERIC_WORDS, _similar, _swapped

WORDS = st.text(alphabet="abcdehilnorst4", min_size=1, max_size=14)


def _full_ratio_rule(word: str, target: str) -> bool:
    if word == target:
        return True
    if len(target) < 5 or len(word) < 4 or target in GENERIC_WORDS:
        return False
    if _swapped(word, target):  # two neighbouring letters swapped ("levuen")
        return True
    return SequenceMatcher(None, word, target).ratio() >= 0.85


@given(WORDS, WORDS)
def test_same_verdict_as_the_full_ratio(word, target):
    assert _similar(word, target) == _full_ratio_rule(word, target)


def test_a_typo_still_matches_and_another_word_does_not():
    assert _similar("radiophysic", "radiophysics")
    assert _similar("st4heath", "st4health")
    assert not _similar("housing", "st4health")


def test_two_swapped_letters_still_name_the_programme():
    assert _similar("levuen", "leuven")
    assert not _swapped("leuven", "levels")
    assert _swapped("leuvne", "leuven")
    assert not _swapped("lueven", "leuvne")  # two swaps are not one slip

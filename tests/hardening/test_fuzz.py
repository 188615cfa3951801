"""Fuzzing: text cleaning, programme resolution and KB search never fail on any string."""

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.rasa.message_guard import MAX_MESSAGE_CHARS
from bot.rasa.message_text import normalise_text

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
NASTY = st.sampled_from(
    ["{{7*7}}", "{programme}", "'; DROP TABLE facts;--", '"', "*", "NEAR(", "\u202e", "\x00", "%"]
)
MIXED_TEXT = st.lists(st.one_of(ANY_TEXT, NASTY), max_size=6).map("".join)
FUZZ_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

INVISIBLE = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"}


@FUZZ_SETTINGS
@given(MIXED_TEXT)
def test_normalised_text_has_no_controls_overrides_or_edge_spaces(text: str) -> None:
    cleaned = normalise_text(text)

    assert not any(unicodedata.category(char) in {"Cc", "Cs", "Co"} for char in cleaned)
    assert not INVISIBLE & set(cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert normalise_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # storable and sendable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        (" \t\n\r ", ""),
        ("how\nmuch\tis  it?", "how much is it?"),
        ("a\x00b\x07c\x7f", "abc"),
        ("\u202etuition\u202c fees", "tuition fees"),
        ("\ud800fees", "fees"),
        ("{programme} {{7*7}}", "{programme} {{7*7}}"),
        ("café 😀 l'année", "café 😀 l'année"),
        ("👩\u200d🎓", "👩\u200d🎓"),  # the zero-width joiner builds one emoji: kept
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_limit_is_documented_value() -> None:
    assert MAX_MESSAGE_CHARS == 1000


@FUZZ_SETTINGS
@given(MIXED_TEXT)
def test_resolve_programmes_returns_known_ids_only(kb, text: str) -> None:
    known = {programme.id for programme in kb.programmes()}

    found = kb.resolve_programmes(text)

    assert set(found) <= known
    assert len(found) == len(set(found))


@FUZZ_SETTINGS
@given(MIXED_TEXT, st.sampled_from([None, "st4health", "no-such-programme"]))
def test_search_never_raises(kb, text: str, programme_id: str | None) -> None:
    facts = kb.search(text, programme_id)

    assert len(facts) <= 5
    assert all(fact.stated for fact in facts)


# The figure: 10,000 random strings, ten per conversation (about 2.5 minutes here).
REST_FUZZ_COUNT = 10_000


@pytest.mark.slow
def test_random_strings_through_rest_never_get_a_5xx(advisor_stack) -> None:
    from loadtest.fuzz import fuzz_rest
    from tests.hardening.conftest import TUITION_ANSWER, TUITION_QUESTION, reply_text

    result = fuzz_rest(advisor_stack.rest_url, count=REST_FUZZ_COUNT, seed=3)

    assert result.ok, result.summary()
    assert result.statuses == {200: REST_FUZZ_COUNT}
    assert TUITION_ANSWER in reply_text(advisor_stack.ask("fuzz-after", TUITION_QUESTION))

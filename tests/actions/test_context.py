"""The cue phrases of actions/cues.yml, matched as students write."""

import pytest

from actions import context

ORDER = ["medical-radiophysics-m2", "leuven-medical-physics", "st4health"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("compare the fees of the three", True),
        ("which is cheapest?", True),
        ("Which programmes require French?", True),
        ("Comparez les frais des trois formations", True),
        ("what about all of them?", True),
        ("what are the fees?", False),
        ("which tests count?", False),
    ],
)
def test_questions_about_every_programme(text, expected):
    assert context.asks_all_programmes(text) is expected


@pytest.mark.parametrize(
    ("text", "remembered", "expected"),
    [
        ("and the other one?", ["st4health"], "medical-radiophysics-m2"),
        ("the other one", ["medical-radiophysics-m2"], "leuven-medical-physics"),
        ("what about the third?", ["medical-radiophysics-m2"], "st4health"),
        ("et la deuxième ?", ["st4health"], "leuven-medical-physics"),
        ("and for the second year?", ["st4health"], None),
        ("what is the second track about?", ["st4health"], None),
        ("would I start in the first year or the second?", ["st4health"], None),
        ("and the other one?", [], None),
    ],
)
def test_the_other_one_and_ordinals(text, remembered, expected):
    assert context.moved_programme(text, ORDER, remembered) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm a nurse", True),
        ("my degree is from Cairo", True),
        ("J'ai une licence de physique", True),
        ("what are the fees at Oxford?", False),
    ],
)
def test_students_speaking_of_themselves(text, expected):
    assert context.speaks_of_self(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can you recommend a pizza place near ESPCI?", "Can you recommend a pizza place  ?"),
        ("Quel temps fait-il à Leuven ?", "Quel temps fait-il  ?"),
        ("Is there an age limit for ST4Health?", "Is there an age limit for ST4Health?"),
    ],
)
def test_places_named_in_passing_are_left_out(text, expected):
    assert context.without_places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is the internship paid?", True),
        ("Y a-t-il des bourses ?", True),
        ("what jobs can I get?", False),
        ("island housing?", False),
    ],
)
def test_yes_no_questions(text, expected):
    assert context.is_yes_no(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and if I'm an international student?", True),
        ("et pour le M2 ?", True),
        ("and what are the fees for the radiophysics master in the second year?", False),
        ("what are the fees?", False),
    ],
)
def test_short_follow_ups(text, expected):
    assert context.is_short_follow_up(text) is expected


def test_related_topics_are_data():
    assert "overview" in context.related_topics("degree")
    assert context.related_topics("nonexistent") == ()

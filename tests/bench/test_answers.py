"""The answer-level scorer: sentence splitting, matching, failure kinds (no servers)."""

import pytest

from bench.answer_numbers import NumberFacts, find_amounts, find_dates, find_quantities
from bench.answer_report import render
from bench.answer_text import contains, normalise, says_not_stated, split_sentences, word_count
from bench.answers import (
    FALSE_NOT_STATED,
    INVENTED,
    NOT_REFUSED,
    REFUSAL,
    TOO_LONG,
    WRONG,
    Judge,
    default_judge,
    is_refusal,
    programmes_named,
    refusal_frames,
    score_run,
    score_turn,
)
from bench.answers_runner import by_today, run_conversations

PAGE = (
    "Tuition fees: €250 /year (set by ministerial decree). The program includes two two-month "
    "internships and a five- to six-month research internship in M2. Round 2: April 1st to "
    "May 2, 2025 (23:59 CET time). From 15/03/2026 to 15/06/2026. A core curriculum (12 ECTS)."
    " The master’s degree in medical (radiation) physics."
)
DOMAIN = {
    "responses": {
        "utter_out_of_scope": [
            {"text": "Sorry, that's outside what I can help with. I answer questions about X."},
            {"text": "Désolé, cela sort de mon domaine. Je réponds aux questions."},
        ],
        "utter_other_institution": [{"text": "I can't answer about {institution}. Ask me."}],
        "utter_default": [{"text": "Sorry, I'm not sure I understood. Could you rephrase?"}],
        "utter_greet": [{"text": "Hello! I'm the programme advisor."}],
    }
}
NAMES = {
    "st4health": ["ST4Health", "PSL"],
    "leuven": ["Leuven Medical Physics certificate", "Leuven"],
    "radiophysics": ["Medical Radiophysics M2", "radiophysics"],
}


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(refusal_frames(DOMAIN), NAMES, NumberFacts.from_pages([PAGE]))


def said(*texts: str, buttons: tuple[str, ...] = ()) -> list[dict]:
    messages = [{"text": t} for t in texts]
    if buttons:
        messages.append({"text": "Pick one:", "buttons": [{"title": b} for b in buttons]})
    return messages


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("€250\u00a0/year", "€250 /YEAR"),
        ("3\u202f879", "3 879"),
        ("3\u2009879", "3   879"),
        ("master\u2019s degree", "Master's degree"),
        ("radiation\u2013matter", "radiation-matter"),
    ],
)
def test_normalise_makes_spacing_case_and_apostrophes_equal(a, b):
    assert normalise(a) == normalise(b)
    assert contains(f"It says: {a}.", b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("X, from the page:\n- fee: €250.\n- CVEC: €103", ["X, from the page:", "- fee: €250.",
                                                          "- CVEC: €103"]),
        ("It covers radiology, i.e. imaging. Next one.", ["It covers radiology, i.e. imaging.",
                                                         "Next one."]),
        ("IELTS 7.0 is fine. Yes.", ["IELTS 7.0 is fine.", "Yes."]),
        ("Closes May 2, 2025. This period has closed.", ["Closes May 2, 2025.",
                                                         "This period has closed."]),
        ("Ask Dr. Smith. Then apply.", ["Ask Dr. Smith.", "Then apply."]),
        ("Line one\n\n—\n  \nLine two", ["Line one", "Line two"]),
        ("He said “yes.” Then left.", ["He said “yes.”", "Then left."]),
    ],
)  # fmt: skip
def test_sentences_split_on_marks_and_lines_not_on_abbreviations_or_decimals(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("sentence", "honest"),
    [
        ("The ST4Health page says nothing about scholarships.", True),
        ("The page does not state the fees.", True),
        ("The page doesn't say when it starts.", True),
        ("It is not stated on the page.", True),
        ("The page gives no later dates.", True),
        ("La page (Leuven) ne dit rien sur ce point (frais).", True),
        ("La page ne précise pas la durée.", True),
        ("La page ne donne pas de dates ultérieures.", True),
        ("For anything the page does not state, see https://urlz.fr/i3Lo.", False),
        ("Pour ce que la page ne précise pas, consultez https://urlz.fr/i3Lo.", False),
        ("Tuition fees: €250 /year.", False),
    ],
)
def test_honest_not_stated_in_english_and_french_but_not_the_route_frame(sentence, honest):
    assert says_not_stated([sentence]) is honest


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Sorry, that's outside what I can help with. I answer questions about X.", True),
        ("Désolé, cela sort de mon domaine. Je réponds aux questions.", True),
        ("I can't answer about Imperial College. Ask me.", True),
        ("Sorry, I'm not sure I understood. Could you rephrase?", True),
        ("Hello! I'm the programme advisor.", False),
        ("ST4Health, from the ST4Health page:\n- Tuition fees: €250 /year.", False),
    ],
)
def test_refusal_frames_come_from_the_domain(reply, refused, judge):
    assert is_refusal(reply, judge.frames) is refused


def test_the_real_domain_declines_are_recognised():
    real = default_judge()
    assert is_refusal("Sorry, that's outside what I can help with. Blah.", real.frames)
    assert not is_refusal("The ST4Health page says nothing about housing.", real.frames)


def test_programmes_named_whole_words_only():
    assert programmes_named("ST4Health or the Leuven one?", NAMES) == {"st4health", "leuven"}
    assert programmes_named("PSLX and radiophysicsy", NAMES) == set()


LONG = " ".join(["word"] * 85)
CASES = [
    # (expect, messages, failures)
    ({"facts": ["€250"]}, said("ST4Health, from the page:\n- Tuition fees: €250 /year."), []),
    ({"facts": ["€250"]}, said("ST4Health:", "Fees are listed.", "Tuition fees: €250 /year."),
     [WRONG]),
    ({"facts": ["€250"]}, said("The page says nothing about fees."), [FALSE_NOT_STATED]),
    ({"facts": ["€250"]}, said("Sorry, that's outside what I can help with. I answer X."),
     [REFUSAL]),
    ({"facts": ["€250"], "or_not_stated": True}, said("The page does not state it."), []),
    ({"not_stated": True}, said("The Leuven page says nothing about fees."), []),
    ({"not_stated": True}, said("Leuven:", "Tuition fees: €250 /year.", "It does not say more."),
     [WRONG]),
    ({"not_stated": True}, said("Sorry, I'm not sure I understood. Could you rephrase?"),
     [REFUSAL]),
    ({"refusal": True}, said("Sorry, that's outside what I can help with. I answer X."), []),
    ({"refusal": True}, said("ST4Health: Tuition fees: €250 /year."), [NOT_REFUSED]),
    ({"facts": ["€250"]}, said("Tuition fees: €250 /year. " + LONG), [TOO_LONG]),
    ({"facts": ["€250"], "long_ok": True}, said("Tuition fees: €250 /year. " + LONG), []),
    ({"facts": ["€250"]}, said("Tuition fees: €250 /year, or €300 for others."), [INVENTED]),
    ({"facts": ["12 ECTS"]}, said("The core is 12 ECTS over 3 semesters."), [INVENTED]),
    ({"facts": ["May 2, 2025"]}, said("Round 2 closes May 2, 2025. It opens again 1 June 2026."),
     [INVENTED]),
    ({"all_of": [["€250"], ["15/06/2026"]], "long_ok": True},
     said("Compared:", "- ST4Health: x", "- y", "- Tuition fees: €250 /year.",
          "- Radiophysics: until 15/06/2026."), []),
    ({"all_of": [["€250"], ["15/06/2026"]]}, said("Tuition fees: €250 /year."), [WRONG]),
    ({"any_of_programmes": True}, said("Which programme do you mean?",
                                       buttons=("ST4Health", "Leuven")), []),
    ({"any_of_programmes": True}, said("ST4Health is great."), [WRONG]),
    ({"facts": ["€250"]}, [], [WRONG]),
]  # fmt: skip


@pytest.mark.parametrize(("expect", "messages", "failures"), CASES)
def test_score_turn(expect, messages, failures, judge):
    assert score_turn(expect, messages, judge, "2026-11-29").failures == failures


@pytest.mark.parametrize(
    ("text", "today", "invented"),
    [
        ("From 15/03/2026 to 15/06/2026.", "2026-11-29", []),
        ("From 15 March 2026 to June 15th.", "2026-11-29", []),
        ("Round 2: 1er avril au 2 mai 2025.", "2026-11-29", []),
        ("Apply by 30 June 2026.", "2026-11-29", ["30 june 2026"]),
        ("As of 29 November 2026 it has closed.", "2026-11-29", []),
        ("It opens in 33 day(s).", "2026-02-10", []),
        ("It opens in 40 day(s).", "2026-02-10", ["40 day"]),
        ("250 € per year", "2026-11-29", []),
        ("EUR 250", "2026-11-29", []),
        ("€3,879 per year", "2026-11-29", ["€3,879"]),
        ("a five- to six-month internship and two two-month ones", "2026-11-29", []),
        ("a 6-month internship, 5 months minimum", "2026-11-29", []),
        ("a 9-month internship", "2026-11-29", ["9-month"]),
        ("in the 2027/28 academic year", "2026-11-29", ["2027/28"]),
        ("the M2 year and the other one", "2026-11-29", []),
    ],
)
def test_invented_values_are_dates_amounts_and_quantities_no_page_states(text, today, invented):
    from bench.answer_numbers import invented_values

    assert invented_values(text, NumberFacts.from_pages([PAGE]), today=today) == invented


def test_number_parsing():
    assert [(m, d, y) for _, m, d, y in find_dates("January 14 to March 13, 2025")] == [
        (1, 14, None), (3, 13, 2025)]  # fmt: skip
    assert [(v, c) for _, v, c in find_amounts("€1 250.50 or 3 879 €")] == [
        (1250.5, "EUR"), (3879.0, "EUR")]  # fmt: skip
    assert [(v, u) for _, v, u in find_quantities("two letters, 18 ECTS, 4 semaines")] == [
        (2.0, "letter"), (18.0, "credit"), (4.0, "week")]  # fmt: skip


def test_word_count_ignores_bullets_and_punctuation():
    assert word_count("- Tuition fees: €250 /year — (set by decree)") == 7


def test_score_run_reports_categories_kinds_and_failures(judge):
    bank = [
        {"id": "a", "category": "core_topics", "turns": [
            {"text": "fees?", "expect": {"facts": ["€250"]}},
            {"text": "deadline?", "expect": {"facts": ["May 2, 2025"]}}]},
        {"id": "b", "category": "off_topic", "turns": [
            {"text": "weather?", "expect": {"refusal": True}}]},
    ]  # fmt: skip
    replies = {
        "a": [said("Tuition fees: €250 /year."), said("The page says nothing about it.")],
        "b": [said("Sorry, that's outside what I can help with. Bye.")],
    }
    summary = score_run(bank, replies, judge)
    assert (summary["questions"], summary["passed"], summary["overall"]) == (3, 2, 0.6667)
    assert summary["per_category"]["core_topics"] == {"questions": 2, "passed": 1, "score": 0.5}
    assert summary["failure_kinds"][FALSE_NOT_STATED] == 1
    report = render(summary, "dev")
    assert "a turn 2 [core_topics] false_not_stated" in report
    assert "Q: deadline?" in report and "expected: May 2, 2025" in report
    assert "reply (" in report and "says nothing" in report


def test_each_conversation_is_a_fresh_sender_and_turns_go_in_order():
    sent = []

    def ask(sender, text):
        sent.append((sender, text))
        return [{"text": f"echo {text}"}]

    bank = [{"id": "x", "turns": [{"text": "1"}, {"text": "2"}]}, {"id": "y", "turns": [
        {"text": "3"}]}]  # fmt: skip
    replies = run_conversations(bank, ask, "run1")
    assert [s for s, _ in sent] == ["bank-run1-x", "bank-run1-x", "bank-run1-y"]
    assert replies["x"] == [[{"text": "echo 1"}], [{"text": "echo 2"}]]


def test_cases_are_grouped_by_pinned_today_default_first():
    bank = [{"id": "a", "today": "2026-04-01"}, {"id": "b"}, {"id": "c", "today": "2026-04-01"}]
    groups = by_today(bank)
    assert list(groups) == ["2026-11-29", "2026-04-01"]
    assert [c["id"] for c in groups["2026-04-01"]] == ["a", "c"]


def test_the_benchmark_reports_the_answer_score_and_its_targets(judge):
    from bench.report import render_report
    from bench.targets import evaluate_targets

    bank = [{"id": "a", "category": "core_topics", "turns": [
        {"text": "fees?", "expect": {"facts": ["€250"]}}]}]  # fmt: skip
    summary = score_run(bank, {"a": [said("Tuition fees: €250 /year.")]}, judge)
    results = {"answers": {k: v for k, v in summary.items() if k != "rows"}}
    targets = {t["name"]: t for t in evaluate_targets(results)}
    assert targets["answer score, question bank test"]["value"] == 1.0
    assert targets["answer score, worst category"]["met"]
    assert targets["answers with an invented fact"]["value"] == 0
    assert "| core_topics | 1.00 | 1/1 |" in render_report(results)
    assert evaluate_targets({})[-1]["value"] is None


@pytest.mark.parametrize(
    ("reply", "fact", "found"),
    [
        ("Round 1: 14 January 2025 to 13 March 2025 (23:59 CET).", "March 13, 2025", True),
        ("Période : du 15 mars 2026 au 15 juin 2026.", "15/03/2026 to 15/06/2026", True),
        ("Période : du 15 mars 2026 au 15 juin 2026.", "15/07/2026", False),
        ("Round 2 closes 2 May 2024.", "May 2, 2025", False),
        ("Tuition: 250 € a year.", "€250", True),
        ("Tuition: €2500 a year.", "250", False),
        ("Based on an application package and interview.", "application package () and interview",
         True),
        ("M2 AI & Digital Health (AIH);", "AI & Digital Health", True),
        ("physics and biophysics", "biophysics", True),
        ("biophysics only", "physics", False),
    ],
)  # fmt: skip
def test_facts_match_by_words_or_by_date_and_amount_values(reply, fact, found):
    from bench.answer_text import fact_in

    assert fact_in(reply, fact) is found


def test_saved_replies_score_the_same_again(judge):
    from bench.answers import replies_of

    bank = [{"id": "a", "category": "core_topics", "turns": [
        {"text": "fees?", "expect": {"facts": ["€250"]}},
        {"text": "which?", "expect": {"any_of_programmes": True}}]}]  # fmt: skip
    which = said("Which?", buttons=("ST4Health", "Leuven"))
    replies = {"a": [said("Tuition fees: €250 /year."), which]}
    first = score_run(bank, replies, judge)
    again = score_run(bank, replies_of(first["rows"]), judge)
    assert first["overall"] == again["overall"] == 1.0

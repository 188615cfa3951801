"""The learned sentence → topic signal: it adds topics the headings and cue words miss, keeps
every fact a verbatim quote, and leaves a topic silent only when no sentence scores for it."""

from pathlib import Path

from knowledge.config import load_topic_config
from knowledge.documents import extract_page
from knowledge.extract import analyse_page
from knowledge.patterns import make_nlp
from knowledge.topic_model import TopicModel, load_examples, topic_model

CONFIG = load_topic_config()

# Headings that name no topic over prose: every topic has to come from the sentences.
PAGE = """# MSc Coastal Nursing

## Why choose us?

Our graduates take on roles as clinical nurse specialists and ward managers.

## Practical information

The programme starts in September 2026 and 24 students are admitted each year.

The application deadline is 15 April 2026, and offers are sent by the end of June.

There is no tuition fee, but all students pay a semester fee of NOK 650 each semester.

## Next steps

Write to the study office with any question.
"""


def _facts(page: str) -> dict[str, list[dict]]:
    analysis = analyse_page(page, programme="p", source="p.md", config=CONFIG, nlp=make_nlp("en"))
    facts: dict[str, list[dict]] = {}
    for draft in analysis.drafts:
        facts.setdefault(draft.fields["topic"], []).append(draft.fields)
    return facts


def test_the_examples_are_stored_as_data_and_cover_the_core_topics() -> None:
    examples = load_examples()
    assert len(examples) > 500
    topics = {topic for example in examples for topic in example["topics"]}
    assert {"deadlines", "fees", "prerequisites", "careers", "capacity", "housing"} <= topics
    assert any(not example["topics"] for example in examples)  # negatives too


def test_sentences_under_headings_that_name_no_topic_get_their_topics() -> None:
    facts = _facts(PAGE)
    deadline = [fact for fact in facts["deadlines"] if "15 April 2026" in fact["quote"]]
    assert deadline and deadline[0]["date_end"] == "2026-04-15"
    fee = [fact for fact in facts["fees"] if "NOK 650" in fact["quote"]]
    assert fee and (fee[0]["amount"], fee[0]["currency"]) == (650, "NOK")
    assert any("admitted each year" in fact["quote"] for fact in facts["capacity"])
    assert any("nurse specialists" in fact["quote"] for fact in facts["careers"])


def test_every_fact_the_model_adds_is_a_verbatim_quote_of_the_page() -> None:
    for topic_facts in _facts(PAGE).values():
        for fact in topic_facts:
            assert fact["quote"] in PAGE


def test_a_topic_no_sentence_speaks_of_stays_silent() -> None:
    facts = _facts(PAGE)
    for silent in ("housing", "scholarships", "tracks", "recognition"):
        assert silent not in facts


def test_a_model_without_examples_adds_nothing(tmp_path: Path) -> None:
    model = topic_model(tmp_path / "none.jsonl")
    assert model.scores(["The deadline is 1 May 2026."]) == [{}]


def test_the_model_reads_sentences_worded_unlike_any_heading() -> None:
    model = TopicModel(load_examples())
    (scores,) = model.scores(["Applications for February 2027 entry close on 31 October 2026."])
    assert max(scores, key=scores.get) == "deadlines"


def test_label_cards_and_bold_label_paragraphs_become_label_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main><h1>Master of Nursing</h1>"
        "<p>A two-year programme for registered nurses who want to lead clinical teams.</p>"
        '<div class="card"><span>Campus</span><span>Townsville Waterfront</span></div>'
        "<p><strong>Régime</strong> Temps plein ou temps partiel</p>"
        "<p><strong>Note:</strong> places are limited.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    lines = extract_page(page).splitlines()
    assert "Campus: Townsville Waterfront" in lines
    assert "Régime: Temps plein ou temps partiel" in lines
    assert "Note: places are limited." in lines


class _UnsureModel:
    """A topic model that rates every sentence low for every topic."""

    def __init__(self, score: float) -> None:
        self.score = score

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        return [{"partners": self.score, "recognition": self.score} for _ in texts]


UNSURE_PAGE = """# MSc Clinical Engineering

## Practical information

Experienced engineers from Fjellby Hospital co-teach the clinical modules.

Graduates may enrol in the National Register of Engineers after the state exam.

Teaching starts in September 2026.
"""


def test_before_a_topic_is_silent_a_sentence_with_its_own_words_is_quoted(monkeypatch) -> None:
    monkeypatch.setattr("knowledge.extract.topic_model", lambda: _UnsureModel(0.05))
    facts = _facts(UNSURE_PAGE)
    assert [fact["quote"] for fact in facts["partners"]] == [
        "Experienced engineers from Fjellby Hospital co-teach the clinical modules."
    ]
    assert any("National Register of Engineers" in fact["quote"] for fact in facts["recognition"])


def test_a_topic_word_the_model_gives_no_weight_leaves_the_topic_silent(monkeypatch) -> None:
    monkeypatch.setattr("knowledge.extract.topic_model", lambda: _UnsureModel(0.0))
    facts = _facts(UNSURE_PAGE)
    assert "partners" not in facts and "recognition" not in facts


def test_an_italic_contact_line_gives_its_address_as_a_contact(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# MS Epidemiology\n\n## Career Outcomes\n\nGraduates work in state health departments.\n\n"
        "*Program contact: Director of Graduate Studies, 111 Main Hall · epi@uni.example.edu"
        " · (859) 555-0117*\n",
        encoding="utf-8",
    )
    text = extract_page(page)
    assert "*" not in text
    quotes = [fact["quote"] for fact in _facts(text)["contact"]]
    assert "epi@uni.example.edu" in quotes
    assert "Program contact: Director of Graduate Studies, 111 Main Hall" in quotes

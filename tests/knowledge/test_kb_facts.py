"""The facts built from the three shipped pages: verbatim quotes, exact values, honest unknowns."""

import pytest

from knowledge.extract import CUT_NOTE, display_text
from knowledge.garble import contains_garbled
from knowledge.query import Fact, KnowledgeBase
from knowledge.topics import CORE_TOPICS, TOPICS
from tests.helpers import build_in_memory
from tests.knowledge.conftest import OVERRIDES, REGISTRY, SOURCES

KB = build_in_memory(SOURCES, REGISTRY, OVERRIDES)
ALL_FACTS = KB.all_facts()
PAGES = {name.name: name.read_text(encoding="utf-8") for name in SOURCES.glob("*.txt")}
PROGRAMMES = ("medical-radiophysics-m2", "leuven-medical-physics", "st4health")


def _one(kb: KnowledgeBase, programme: str, topic: str, **wanted: object) -> Fact:
    matches = [
        fact
        for fact in kb.facts(programme, topic)
        if all(getattr(fact, name) == value for name, value in wanted.items())
    ]
    assert len(matches) == 1, (programme, topic, wanted, kb.facts(programme, topic))
    return matches[0]


def _texts(programme: str, topic: str) -> str:
    return " ".join(fact.text for fact in KB.facts(programme, topic))


@pytest.mark.parametrize(
    "fact", ALL_FACTS, ids=lambda fact: f"{fact.programme}-{fact.rank}-{fact.topic}"
)
def test_every_quote_is_verbatim_in_its_page(fact: Fact) -> None:
    assert fact.quote == "" or fact.quote in PAGES[fact.source]
    assert fact.quote or fact.method == "not_stated"


@pytest.mark.parametrize(
    "fact", ALL_FACTS, ids=lambda fact: f"{fact.programme}-{fact.rank}-{fact.topic}"
)
def test_no_garbled_text_and_well_formed(fact: Fact) -> None:
    assert not contains_garbled(fact.text)
    assert not contains_garbled(fact.quote)
    assert fact.topic in TOPICS
    assert fact.method in {"extracted", "curated", "not_stated"}
    assert fact.stated is (fact.method != "not_stated")
    assert fact.text.strip()
    if fact.method == "extracted":  # what students read is the page's own words
        assert fact.text in (display_text(fact.quote), display_text(fact.quote) + CUT_NOTE)
    if fact.method == "not_stated":
        assert fact.text[-1] in ".”"


def test_ranks_follow_the_page_and_are_unique() -> None:
    for programme in PROGRAMMES:
        ranks = [fact.rank for fact in ALL_FACTS if fact.programme == programme]
        assert ranks == list(range(1, len(ranks) + 1))


def test_no_facts_from_site_navigation() -> None:
    for word in ("Anthropology", "Find your course", "Sustainable development", "Archeology"):
        assert not [fact for fact in ALL_FACTS if word in fact.text or word in fact.quote]


@pytest.mark.parametrize(
    ("label", "amount"),
    [
        ("Tuition fees: €250 /year", 250.0),
        ("Student Life and Campus Fee (CVEC): €103 /year", 103.0),
    ],
)
def test_st4health_fees(label: str, amount: float) -> None:
    fact = _one(KB, "st4health", "fees", amount=amount)
    assert (fact.currency, fact.period, fact.academic_year, fact.stated) == (
        "EUR",
        "year",
        "2024/2025",
        True,
    )
    assert fact.text.startswith(label)


def test_st4health_tuition_text() -> None:
    fact = _one(KB, "st4health", "fees", amount=250.0)
    assert fact.text == "Tuition fees: €250 /year (set by ministerial decree)"
    assert fact.quote == "Tuition fees: €250 /year (set by ministerial decree)"


@pytest.mark.parametrize(
    ("subtopic", "start", "end"),
    [("round 1", "2025-01-14", "2025-03-13"), ("round 2", "2025-04-01", "2025-05-02")],
)
def test_st4health_rounds(subtopic: str, start: str, end: str) -> None:
    fact = _one(KB, "st4health", "deadlines", subtopic=subtopic)
    assert (fact.date_start, fact.date_end, fact.time) == (start, end, "23:59 CET")
    assert fact.academic_year == "2025/2026"
    assert subtopic.upper() in fact.text and "23:59 CET" in fact.text
    assert [f.subtopic for f in KB.facts("st4health", "admission") if f.date_start == start] == [
        subtopic
    ]


def test_st4health_m1_opens_in_2026() -> None:
    fact = _one(KB, "st4health", "deadlines", academic_year="2026/2027")
    assert fact.subtopic == "M1"
    assert fact.text == "Admissions for Year 1 will open in 2026 for the 2026/27 academic year."
    assert "[Opening of M1: Year 2026]" in _texts("st4health", "deadlines")


def test_st4health_english_c1() -> None:
    fact = _one(KB, "st4health", "language")
    assert (fact.method, fact.subtopic) == ("curated", "M2")
    assert "C1" in fact.text and "C1 minimum" in fact.quote


def test_st4health_documents_two_recommendation_letters() -> None:
    fact = _one(KB, "st4health", "documents")
    assert fact.count == 2
    assert "two letters of recommendation" in fact.text
    assert fact.subtopic == "M2"


def test_st4health_tracks() -> None:
    fact = _one(
        KB,
        "st4health",
        "tracks",
        count=3,
        subtopic=None,
        method="extracted",
        date_start=None,
        quote=(
            "The M2 year offers three tracks:\n- M2 Biomaterials & Engineering for Health (BEH)\n"
            "- M2 AI & Digital Health (AIH)\n- M2 Digital Mental Health (DMH)"
        ),
    )
    assert fact.text == fact.quote


def test_st4health_internships() -> None:
    fact = _one(KB, "st4health", "internships", subtopic="M1")
    assert fact.count == 2
    assert fact.text == (
        "The program includes two two-month internships (or a single four-month internship if "
        "abroad) in M1 and a five- to six-month research internship in M2."
    )


def test_st4health_degree_says_what_is_unreadable() -> None:
    fact = _one(KB, "st4health", "degree")
    assert fact.method == "curated"
    assert (
        "French Master's degree (the awarding institution's name is unreadable on the page)"
        in fact.text
    )
    assert fact.quote == "Degree issued: French Master’s degree delivered by"


def test_st4health_duration_and_prerequisites() -> None:
    assert "two-year course" in _texts("st4health", "duration")
    subtopics = {fact.subtopic for fact in KB.facts("st4health", "prerequisites")}
    assert {"M1", "M2", "international"} <= subtopics


def test_radiophysics_application_period() -> None:
    fact = _one(KB, "medical-radiophysics-m2", "deadlines")
    assert (fact.date_start, fact.date_end, fact.quote) == (
        "2026-03-15",
        "2026-06-15",
        "From 15/03/2026 to 15/06/2026",
    )
    assert fact.text == "From 15/03/2026 to 15/06/2026"


@pytest.mark.parametrize(
    ("subtopic", "count", "phrases"),
    [
        ("compulsory", 4, ["Motivation letter", "Letter of recommendation or internship evaluation",
                           "All transcripts", "Curriculum Vitae"]),
        ("additional", 3, ["Certificate of French (compulsory for non-French speakers)", "VAP file"]),  # noqa: E501
        ("refugees", 7, ["UNHCR granting refugee status", "temporary protection"]),
    ],
)  # fmt: skip
def test_radiophysics_documents(subtopic: str, count: int, phrases: list[str]) -> None:
    fact = _one(KB, "medical-radiophysics-m2", "documents", subtopic=subtopic)
    assert fact.count == count
    for phrase in phrases:
        assert phrase in fact.text


def test_radiophysics_non_french_speakers() -> None:
    for topic in ("prerequisites", "language"):
        fact = _one(KB, "medical-radiophysics-m2", topic, subtopic="non-French speakers")
        assert fact.quote == "Certificate of French (compulsory for non-French speakers)."


def test_radiophysics_internship_and_careers() -> None:
    assert "The program concludes with a six-month internship." in _texts(
        "medical-radiophysics-m2", "internships"
    )
    careers = KB.facts("medical-radiophysics-m2", "careers")
    assert careers and careers[0].stated
    assert "prerequisite for the professional training of medical physicists" in careers[0].quote


def test_radiophysics_fees_sentence_is_quoted_as_it_stands() -> None:
    # the page speaks of fees without an amount: its sentence is the answer, not "not stated"
    fact = _one(KB, "medical-radiophysics-m2", "fees")
    assert (fact.method, fact.stated, fact.amount) == ("extracted", True, None)
    assert (
        fact.text
        == fact.quote
        == ("The amounts may vary depending on the programme and your personal circumstances.")
    )


def test_radiophysics_capacity_heading_without_number() -> None:
    fact = _one(KB, "medical-radiophysics-m2", "capacity")
    assert (fact.method, fact.stated, fact.count) == ("not_stated", False, None)
    assert "does not state how many places are available" in fact.text


def test_st4health_capacity_is_limited_but_unnumbered() -> None:
    fact = _one(KB, "st4health", "capacity")
    assert (fact.method, fact.stated, fact.count) == ("extracted", True, None)
    assert "the M2 tracks have limited capacity" in fact.quote


def test_leuven_prerequisite_and_specialisations() -> None:
    prerequisite = _one(KB, "leuven-medical-physics", "prerequisites")
    assert "master’s degree in medical (radiation) physics" in prerequisite.text
    tracks = KB.facts("leuven-medical-physics", "tracks")
    assert tracks[0].count == 3
    assert "radiology, radiotherapy, or nuclear medicine" in tracks[0].text


def test_leuven_fanc_certificate_and_uz_leuven_internship() -> None:
    assert "Federal Agency for Nuclear Control (FANC)" in _texts(
        "leuven-medical-physics", "careers"
    )
    assert "FANC" in _texts("leuven-medical-physics", "degree")
    assert "UZ Leuven hospital" in _texts("leuven-medical-physics", "internships")


@pytest.mark.parametrize(
    ("programme", "topic", "text"),
    [
        ("leuven-medical-physics", "fees", "The Leuven Medical Physics page does not state the tuition fees."),  # noqa: E501
        ("leuven-medical-physics", "deadlines", "The Leuven Medical Physics page does not state the application deadlines."),  # noqa: E501
        ("st4health", "contact", "The ST4Health page does not state contact details (its “Contact” section is empty)."),  # noqa: E501
    ],
)  # fmt: skip
def test_not_stated_records(programme: str, topic: str, text: str) -> None:
    fact = _one(KB, programme, topic)
    assert (fact.text, fact.method, fact.stated, fact.quote) == (text, "not_stated", False, "")


@pytest.mark.parametrize("programme", PROGRAMMES)
@pytest.mark.parametrize("topic", CORE_TOPICS)
def test_every_core_topic_is_answered_or_marked_unknown(programme: str, topic: str) -> None:
    facts = KB.facts(programme, topic)
    unknown = [fact for fact in facts if not fact.stated]
    assert facts and len(unknown) <= 1
    if unknown and len(facts) > 1:  # stated only for some applicants: the general gap is recorded
        assert "in general, only for" in unknown[0].text


def test_radiophysics_prerequisites_only_for_non_french_speakers() -> None:
    facts = KB.facts("medical-radiophysics-m2", "prerequisites")
    assert [(fact.method, fact.subtopic) for fact in facts] == [
        ("not_stated", None),
        ("extracted", "non-French speakers"),
    ]
    assert facts[0].text == (
        "The Medical Radiophysics page does not state the prerequisites for admission"
        " in general, only for non-French speakers."
    )


def test_programmes_from_registry() -> None:
    programmes = {programme.id: programme for programme in KB.programmes()}
    assert sorted(programmes) == sorted(PROGRAMMES)
    assert programmes["st4health"].page_name == "ST4Health page"
    assert "ST4Health" in programmes["st4health"].aliases
    assert programmes["medical-radiophysics-m2"].contact_url == "https://urlz.fr/i3Lo"
    assert programmes["st4health"].contact_url is None
    assert programmes["leuven-medical-physics"].contact_url is None
    assert KB.programme("nope") is None


def test_a_quote_cut_short_by_garbled_text_says_so() -> None:
    (fact,) = [f for f in ALL_FACTS if f.quote.endswith("health innovation initiatives of")]
    assert fact.text == fact.quote + " (unreadable on the page)"

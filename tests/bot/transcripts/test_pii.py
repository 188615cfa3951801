"""Personal data in students' messages is masked by kind; programme facts stay readable."""

import socket

import pytest

from bench.pii import load_cases, score
from bot.transcripts.pii import find_spans, mask_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What issue 15 found past the old masking.
        ("I'm Jean-Pierre Dupont", "I'm [name]"),
        ("I live at 12 rue de la Paix, 75002 Paris", "I live at [address]"),
        ("221B Baker Street, London NW1 6XE", "[address]"),
        ("born 12/03/1998", "born [date_of_birth]"),
        ("dob 1998-03-12", "dob [date_of_birth]"),
        ("I was born on 3 March 1998", "I was born on [date_of_birth]"),
        ("passport number 12AB34567", "passport number [id_number]"),
        ("student number 20231234", "student number [student_number]"),
        ("r0123456", "[student_number]"),
        ("Card 4111 1111 1111 1111 exp 12/27 cvv 123", "Card [card]"),
        ("iban fr76 3000 6000 0112 3456 7890 189", "iban [iban]"),
        ("jane dot doe at gmail dot com", "[email]"),
        ("jane(at)example.com", "[email]"),
        ("https://www.linkedin.com/in/jane-doe-123", "[url]"),
        ("I am HIV positive", "I am [health]"),
        ("call +33 6 12 34 56 78", "call [phone]"),
        ("Je m'appelle Marie Lefèvre, née le 7 novembre 1999", "Je m'appelle [name], née le "
         "[date_of_birth]"),
        ("Sarah O'Connor", "[name]"),
        # Not personal: programmes, deadlines, amounts, years, plain links, health as a subject.
        ("the deadline is 31 March 2026?", "the deadline is 31 March 2026?"),
        ("fees are 4,500 EUR for 2025-2026, 3 879 €", "fees are 4,500 EUR for 2025-2026, 3 879 €"),
        ("£13,900 for the full programme", "£13,900 for the full programme"),
        ("Is the Leuven Medical Physics certificate in English?",
         "Is the Leuven Medical Physics certificate in English?"),
        ("careers in cancer treatment?", "careers in cancer treatment?"),
        ("https://www.psl.eu/st4health", "https://www.psl.eu/st4health"),
        ("M2 in 2 years, 120 ECTS, starts September 2026",
         "M2 in 2 years, 120 ECTS, starts September 2026"),
        ("", ""),
        (None, None),
    ],
)  # fmt: skip
def test_mask_personal_data(text, expected):
    assert mask_personal_data(text) == expected


def test_overlapping_findings_are_merged_so_nothing_leaks():
    text = "Emma Wilson, 45 avenue Victor Hugo, 0033 6 98 76 54 32 - please confirm"
    masked = mask_personal_data(text)
    assert masked == "[name], [address], [phone] - please confirm"


def test_masking_never_reaches_the_network(monkeypatch):
    from bot.transcripts import pii

    def refuse(*_args, **_kwargs):
        raise AssertionError("masking tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    pii._presidio.cache_clear()
    pii._mask.cache_clear()
    assert find_spans("write to someone.new@example.co.uk today")[0].kind == "email"


# Floors on the held-out test set (first scored at: recall 97 %, precision 99 %; see
# docs/privacy.md). A change to the rules that loses more than this fails here.
RECALL_FLOORS = {
    "email": 0.95, "phone": 0.9, "iban": 0.9, "card": 0.9, "url": 0.9, "name": 0.8,
    "address": 0.7, "date_of_birth": 0.9, "id_number": 0.9, "student_number": 0.9, "health": 0.9,
}  # fmt: skip


@pytest.fixture(scope="module")
def test_score():
    return score(load_cases("test"))


@pytest.mark.parametrize("kind", sorted(RECALL_FLOORS))
def test_recall_floor_per_kind(test_score, kind):
    assert test_score["kinds"][kind]["recall"] >= RECALL_FLOORS[kind], test_score["misses"]


def test_precision_and_over_masking_floors(test_score):
    assert test_score["messages"] >= 170
    assert test_score["precision"] >= 0.95, test_score["false_alarms"]
    assert test_score["clean_messages_masked"] <= 2, test_score["false_alarms"]

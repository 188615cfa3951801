"""Personal data in students' messages is masked by kind; programme facts stay readable."""

import socket

import pytest

from bench.overlap import shared_texts
from bench.pii import format_table, load_cases, score, split_files
from bot.transcripts.pii import find_spans, mask_personal_data
from settings import PROJECT_ROOT


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
        # Names no list holds, found by their context; glued Dutch and German streets.
        ("Tomasz Kowalczyk here, a question", "[name] here, a question"),
        ("Is it paid? Thanks, Bongani", "Is it paid? Thanks, [name]"),
        ("Hello, I'm Chidi Eze from Enugu", "Hello, I'm [name] from Enugu"),
        ("Mme Fatou Ndiaye, mère d'une candidate", "Mme [name], mère d'une candidate"),
        ("my brother Arjun applies too", "my brother [name] applies too"),
        ("Tiensestraat 88, 3000 Leuven", "[address]"),
        ("send it to 34 Veldstraat, 9000 Gent", "send it to [address]"),
        ("Bondgenotenlaan 15 bus 2", "[address]"),
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
        # Capitalised words after a cue that are not names; a season and a year.
        ("I'm French, do I pay EU fees?", "I'm French, do I pay EU fees?"),
        ("Merci, Bonne journée !", "Merci, Bonne journée !"),
        ("This is Medical Physics or Radiophysics?", "This is Medical Physics or Radiophysics?"),
        ("Hi, I'm PhD student in Leuven", "Hi, I'm PhD student in Leuven"),
        ("Does it start in Spring 2026?", "Does it start in Spring 2026?"),
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


# Floors on the combined test set (eval/pii/test*.yml: 282 messages, 281 spans), at or just
# under what it measures (docs/privacy.md); on a kind found in full, one miss is allowed.
# A change to the rules that loses more than this fails here. Failures name kinds and counts,
# never the test messages.
RECALL_FLOORS = {
    "email": 0.92, "phone": 0.95, "iban": 0.94, "card": 0.87, "url": 0.94, "name": 0.75,
    "address": 0.72, "date_of_birth": 0.95, "id_number": 0.9, "student_number": 0.94,
    "health": 0.83,
}  # fmt: skip


@pytest.fixture(scope="module")
def test_score():
    return score(load_cases("test"))


@pytest.mark.parametrize("kind", sorted(RECALL_FLOORS))
def test_recall_floor_per_kind(test_score, kind):
    row = test_score["kinds"][kind]
    assert row["recall"] >= RECALL_FLOORS[kind], f"{kind}: {row}"


def test_precision_and_over_masking_floors(test_score):
    assert test_score["messages"] >= 282
    assert test_score["precision"] >= 0.98, test_score["precision"]
    # Names found by their context alone are the likeliest to take a word that is no name.
    assert test_score["kinds"]["name"]["precision"] >= 0.95, test_score["kinds"]["name"]
    assert test_score["clean_messages_masked"] <= 1, test_score["clean_messages_masked"]


def test_every_test_file_is_scored_and_dev_is_kept_apart():
    names = [path.name for path in split_files("test")]
    assert "test.yml" in names and "test_round2.yml" in names
    assert [path.name for path in split_files("dev")] == ["dev.yml"]


def test_dev_and_test_share_no_message():
    dev, test = load_cases("dev"), load_cases("test")
    ids = [case["id"] for case in dev + test]
    assert len(ids) == len(set(ids)), "a message id is used twice"
    pairs = shared_texts({"dev": [c["text"] for c in dev], "test": [c["text"] for c in test]})
    # Name the dev side only: test messages are not printed.
    assert not pairs, [pair.left if pair.left_set == "dev" else pair.right for pair in pairs]


@pytest.mark.parametrize("document", ["README.md", "docs/privacy.md"])
def test_the_documents_show_the_current_table(test_score, document):
    # The per-kind table is pasted from `python -m bench.pii test`: a rule change that moves a
    # figure must update the documents too.
    text = (PROJECT_ROOT / document).read_text(encoding="utf-8")
    assert format_table(test_score) in text


def test_misses_are_listed_for_dev_only():
    from click.testing import CliRunner

    from bench.pii import main

    refused = CliRunner().invoke(main, ["test", "--misses"])
    assert refused.exit_code == 2 and "only on dev" in refused.output
    listed = CliRunner().invoke(main, ["dev", "--misses"])
    assert listed.exit_code == 0 and "eval/pii/dev.yml (196 messages)" in listed.output

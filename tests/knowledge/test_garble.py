"""Garbled-run detection: mojibake flagged, ordinary French left alone."""

import pytest

from knowledge.garble import find_garbled_runs, is_garbled, longest_clean_part, replace_garbled
from tests.knowledge.conftest import SOURCES


@pytest.mark.parametrize(
    "word", ["²ÝÁñÂÛ̳", "³Òé´Ç²µ°ù²¹±è³ó¾±±ð", "²Ñé»å±ð³¦¾±²Ô±ð", "³Òé´Ç²õ³¦¾±±ð²Ô³¦±ð²õ"]
)
def test_flags_mojibake(word: str) -> None:
    assert is_garbled(word)


@pytest.mark.parametrize(
    "word",
    ["PariSanté", "Métallurgie", "Ingénierie", "radiophysique", "médicale", "Molle", "€250",
     "25°C", "L’Oréal", "Gasthuisberg", "naïve", "Ærø"],
)  # fmt: skip
def test_leaves_real_words_alone(word: str) -> None:
    assert not is_garbled(word)


def test_finds_every_run_of_the_st4health_page_with_line_numbers() -> None:
    page = (SOURCES / "st4health-biomedical-engineering-master.txt").read_text(encoding="utf-8")
    runs = [(run.line, run.run) for run in find_garbled_runs(page)]
    assert runs == [
        (2, "²ÝÁñÂÛ̳"),
        (26, "²Ñé»å±ð³¦¾±²Ô±ð"),
        (68, "²ÝÁñÂÛ̳"),
        (107, "³Òé´Ç²µ°ù²¹±è³ó¾±±ð"),
        (108, "³Òé´Ç²µ°ù²¹±è³ó¾±±ð"),
        (109, "³Òé´Ç²õ³¦¾±±ð²Ô³¦±ð²õ"),
        (121, "²Ñé»å±ð³¦¾±²Ô±ð"),
    ]


@pytest.mark.parametrize(
    "name", ["medical-radiophysics-m2.txt", "leuven-medical-physics-postgraduate-certificate.txt"]
)
def test_clean_pages_have_no_runs(name: str) -> None:
    assert find_garbled_runs((SOURCES / name).read_text(encoding="utf-8")) == []


def test_replace_and_longest_clean_part() -> None:
    line = "Degree issued: French Master’s degree delivered by ²ÝÁñÂÛ̳"
    assert replace_garbled(line, "X") == "Degree issued: French Master’s degree delivered by X"
    assert longest_clean_part(line) == "Degree issued: French Master’s degree delivered by"

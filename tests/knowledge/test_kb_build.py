"""The build: a new page needs no code change; bad input stops it and leaves the old database."""

import hashlib
import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfWriter
from sqlite_utils import Database

from knowledge.build import build, build_file
from knowledge.errors import BuildError
from knowledge.query import KnowledgeBase
from knowledge.store import ensure_db_shape

NEW_PAGE = """\
Master in Clinical Imaging Science (Lyon)
The Master in Clinical Imaging Science is a two-year programme that trains imaging engineers.
Tuition fees 2025/2026
- Tuition fees: €3,000 /year (reduced rate for EU students)
Application Period(s)
From 01/02/2026 to 30/04/2026
Prerequisites (M1)
A Bachelor's degree in physics, engineering or computer science.
Opportunities
- Clinical imaging engineer in hospitals.
- Application specialist in medical device companies.
Capacity
24 places are available each year.
"""
NEW_ENTRY = {
    "id": "lyon-clinical-imaging",
    "name": "Master in Clinical Imaging Science (Lyon)",
    "short_name": "Lyon Clinical Imaging",
    "page_name": "Lyon Clinical Imaging page",
    "source": "lyon-clinical-imaging.txt",
    "level": "master",
    "language": "English",
    "institution": "Lyon",
    "aliases": ["Lyon imaging", "clinical imaging science"],
}


def _add_programme(inputs: dict[str, Path], page: str | bytes, entry: dict = NEW_ENTRY) -> None:
    path = inputs["sources_dir"] / entry["source"]
    path.write_bytes(page if isinstance(page, bytes) else page.encode("utf-8"))
    registry = yaml.safe_load(inputs["registry_path"].read_text(encoding="utf-8"))
    registry["programmes"].append(entry)
    inputs["registry_path"].write_text(
        yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_page_needs_no_code_change(inputs: dict[str, Path]) -> None:
    _add_programme(inputs, NEW_PAGE)
    db = Database(memory=True)
    report = build(db, **inputs)
    kb = KnowledgeBase(db)
    assert [page.programme for page in report.pages][-1] == "lyon-clinical-imaging"
    fee = kb.facts("lyon-clinical-imaging", "fees")[0]
    assert (fee.amount, fee.currency, fee.period, fee.academic_year) == (
        3000.0,
        "EUR",
        "year",
        "2025/2026",
    )
    assert fee.text == "Tuition fees: €3,000 /year (reduced rate for EU students)"
    deadline = kb.facts("lyon-clinical-imaging", "deadlines")[0]
    assert (deadline.date_start, deadline.date_end) == ("2026-02-01", "2026-04-30")
    prerequisite = kb.facts("lyon-clinical-imaging", "prerequisites")[0]
    assert (prerequisite.subtopic, prerequisite.stated) == ("M1", True)
    careers = kb.facts("lyon-clinical-imaging", "careers")[0]
    assert careers.count == 2 and "Application specialist" in careers.text
    capacity = kb.facts("lyon-clinical-imaging", "capacity")[0]
    assert (capacity.count, capacity.stated) == (24, True)
    assert "two-year programme" in kb.facts("lyon-clinical-imaging", "duration")[0].text
    assert kb.resolve_programmes("what about lyon imaging?") == ["lyon-clinical-imaging"]


def test_build_reports_garbled_runs_per_file() -> None:
    db = Database(memory=True)
    report = build(db)
    runs = {page.file: [(run.line, run.run) for run in page.garbled_runs] for page in report.pages}
    assert runs["st4health-biomedical-engineering-master.txt"][0] == (2, "²ÝÁñÂÛ̳")
    assert runs["medical-radiophysics-m2.txt"] == []
    row = db["sources"].get("st4health-biomedical-engineering-master.txt")
    assert row["garbled_count"] == 7 and "²ÝÁñÂÛ̳" in row["garbled_runs"]
    assert len(row["sha256"]) == 64


def test_ensure_db_shape_is_idempotent() -> None:
    db = Database(memory=True)
    ensure_db_shape(db)
    ensure_db_shape(db)
    assert {"programmes", "aliases", "facts", "sources", "facts_fts"} <= set(db.table_names())


def test_rebuild_replaces_rather_than_appends(inputs: dict[str, Path]) -> None:
    db = Database(memory=True)
    first = build(db, **inputs).fact_count
    assert build(db, **inputs).fact_count == first == db["facts"].count


def _blank_pdf() -> bytes:
    """Return a PDF page with no text layer, as a scanned brochure has."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_PAGES = {
    "empty": ("   \n\n", "the page is empty"),
    "scanned pdf": (_blank_pdf(), "no text layer"),
    "cp1252": ("Frais d’inscription : 250 € par an".encode("cp1252"), "cp1252/latin-1"),
    "html nav only": (
        b"<html><body><nav><a href='/'>Home</a></nav><div id='cookie'>Accept</div></body></html>",
        "nothing could be extracted",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    "latin-1": (
        "Frais d'inscription pour l'année : 250 euros".encode("latin-1"),
        "not valid UTF-8",
    ),
    "no sections": (
        "Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.\n",
        "no recognisable sections",
    ),
}


@pytest.fixture
def previous_db(tmp_path: Path) -> Path:
    """Return a built database file whose bytes the failing builds must leave alone."""
    path = tmp_path / "kb" / "knowledge.db"
    build_file(path)
    return path


SUFFIXES = {"scanned pdf": ".pdf", "html nav only": ".html"}


@pytest.mark.parametrize("case", BAD_PAGES, ids=str)
def test_bad_page_stops_build_and_keeps_previous_db(
    case: str, inputs: dict[str, Path], previous_db: Path
) -> None:
    before = _digest(previous_db)
    page, message = BAD_PAGES[case]
    source = "lyon-clinical-imaging" + SUFFIXES.get(case, ".txt")
    _add_programme(inputs, page, {**NEW_ENTRY, "source": source})
    with pytest.raises(BuildError, match=message) as raised:
        build_file(previous_db, **inputs)
    assert source in str(raised.value)
    assert "\n" not in str(raised.value)
    assert _digest(previous_db) == before
    assert [path.name for path in previous_db.parent.iterdir()] == ["knowledge.db"]


def test_registry_entry_without_its_page(inputs: dict[str, Path], previous_db: Path) -> None:
    before = _digest(previous_db)
    _add_programme(inputs, NEW_PAGE)
    (inputs["sources_dir"] / "lyon-clinical-imaging.txt").unlink()
    with pytest.raises(
        BuildError,
        match=r"lyon-clinical-imaging\.txt: page of programme 'lyon-clinical-imaging' not found",
    ):
        build_file(previous_db, **inputs)
    assert _digest(previous_db) == before


def test_page_without_registry_entry(inputs: dict[str, Path], previous_db: Path) -> None:
    before = _digest(previous_db)
    (inputs["sources_dir"] / "stray.txt").write_text(NEW_PAGE, encoding="utf-8")
    with pytest.raises(BuildError, match=r"stray\.txt: page has no programme entry"):
        build_file(previous_db, **inputs)
    assert _digest(previous_db) == before


def test_curated_quote_must_be_in_its_page(inputs: dict[str, Path], previous_db: Path) -> None:
    before = _digest(previous_db)
    overrides = yaml.safe_load(inputs["overrides_path"].read_text(encoding="utf-8"))
    overrides["overrides"][0]["quote"] = "Degree issued: a diploma invented here"
    inputs["overrides_path"].write_text(
        yaml.safe_dump(overrides, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(
        BuildError, match="curated quote not found in st4health-biomedical-engineering-master.txt"
    ):
        build_file(previous_db, **inputs)
    assert _digest(previous_db) == before


def test_build_file_creates_a_readable_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    report = build_file(path)
    kb = KnowledgeBase.open(path)
    assert len(kb.programmes()) == 3
    assert len(kb.all_facts()) == report.fact_count


def test_registry_url_must_be_on_the_page(inputs: dict[str, Path], previous_db: Path) -> None:
    before = _digest(previous_db)
    registry = yaml.safe_load(inputs["registry_path"].read_text(encoding="utf-8"))
    registry["programmes"][1]["contact_url"] = "https://example.org/invented"
    inputs["registry_path"].write_text(
        yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(
        BuildError, match="leuven-medical-physics-postgraduate-certificate.txt does not"
    ):
        build_file(previous_db, **inputs)
    assert _digest(previous_db) == before


UK_PAGE = """\
<html><head><title>MSc Clinical Data</title></head><body>
<nav><a href="/">Home</a> <a href="/study">Study</a></nav>
<div class="cookie-banner">We use cookies. Accept all cookies</div>
<main><h1>MSc Clinical Data</h1>
<p>The MSc Clinical Data trains analysts for hospitals and public health agencies.</p>
<h2>Key facts</h2><ul><li>Duration: 1 year full-time or 2 years part-time</li>
<li>Places: 40 students per year</li></ul>
<h2>Fees and funding (2026/27)</h2>
<table><tr><td>Home students</td><td>£13,900 for the full programme</td></tr></table>
<h2>How to apply</h2>
<p>Applications open on 1 October 2025 and close on 31 March 2026.</p>
</main><footer>Privacy notice</footer></body></html>
"""


def test_an_html_page_is_quoted_from_its_main_content(inputs: dict[str, Path]) -> None:
    _add_programme(inputs, UK_PAGE, {**NEW_ENTRY, "source": "lyon-clinical-imaging.html"})
    db = Database(memory=True)
    build(db, **inputs)
    kb = KnowledgeBase(db)
    programme = "lyon-clinical-imaging"
    (fee,) = kb.facts(programme, "fees")
    assert (fee.text, fee.amount, fee.currency, fee.period, fee.subtopic) == (
        "Home students: £13,900 for the full programme",
        13900.0,
        "GBP",
        "programme",
        "home",
    )
    (deadline,) = kb.facts(programme, "deadlines")
    assert deadline.text == "Applications open on 1 October 2025 and close on 31 March 2026."
    assert (deadline.date_start, deadline.date_end) == ("2025-10-01", "2026-03-31")
    assert not kb.facts(programme, "admission")  # a deadline sentence is a deadline
    assert kb.facts(programme, "duration")[0].text.startswith("Duration: 1 year")
    assert kb.facts(programme, "capacity")[0].count == 40
    every = " ".join(fact.quote for fact in kb.all_facts() if fact.programme == programme)
    assert "cookies" not in every and "Privacy" not in every
    audit = (inputs["sources_dir"] / "lyon-clinical-imaging.html.extracted.txt").read_text("utf-8")
    assert "Applications open on 1 October 2025" in audit
    assert db["sources"].get("lyon-clinical-imaging.html")["text"] == audit


def test_an_amount_read_wrongly_stops_the_build_unless_forced(
    inputs: dict[str, Path], previous_db: Path
) -> None:
    before = _digest(previous_db)
    page = NEW_PAGE.replace("€3,000 /year", "3 8790 € /year")
    _add_programme(inputs, page)
    with pytest.raises(BuildError, match=r"read as 8790 EUR, leaving digits out.*KB_FORCE=1"):
        build_file(previous_db, **inputs)
    assert _digest(previous_db) == before
    build_file(previous_db, **inputs, force=True)
    assert _digest(previous_db) != before

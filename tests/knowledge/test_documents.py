"""Pages of every format become the plain text their facts quote."""

from pathlib import Path

import pytest

from knowledge.documents import extract_page, extracted_path, is_page, write_extracted
from knowledge.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "eval" / "pages" / "dev"

HTML = """<html><head><meta charset="utf-8"><title>MS Nursing</title></head><body>
<div id="cookie-consent">We use cookies. <button>Accept all</button></div>
<nav><a href="/">Home</a> <a href="/apply">Apply</a></nav>
<main><h1>MS Nursing</h1>
<p>The MS Nursing prepares registered nurses for advanced practice roles in hospitals.</p>
<h2>Quick facts</h2>
<dl><dt>Duration</dt><dd>2 years</dd><dt>Tuition</dt><dd>$12,000 per year</dd></dl>
<h2>Fees</h2><table><tr><th>Student</th><th>Per year</th><th>Total</th></tr>
<tr><td>Home</td><td>£9,535</td><td>£19,070</td></tr></table>
</main><footer>Privacy notice</footer></body></html>
"""


def test_html_keeps_main_content_headings_definitions_and_table_columns(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    text = extract_page(page)
    assert "## Quick facts" in text
    assert "- Duration: 2 years" in text and "- Tuition: $12,000 per year" in text
    assert "Home | Per year: £9,535 | Total: £19,070" in text
    for furniture in ("cookies", "Accept all", "Privacy notice", "Apply"):
        assert furniture not in text
    assert text.count("prepares registered nurses") == 1


def test_pdf_lines_wrapped_mid_sentence_are_joined() -> None:
    text = extract_page(DEV / "ch-msc-biomedical-engineering" / "page.pdf")
    assert (
        "Applicants with a non-Swiss degree apply from 1 November 2025 to 15 December 2025."
        in text.splitlines()
    )
    assert "Programme at a glance" in text.splitlines()


def test_html_list_items_with_bold_labels_stay_one_label_line_each() -> None:
    text = extract_page(DEV / "uk-pgcert-clinical-imaging" / "page.html").splitlines()
    assert "- Start date: 28 September 2026" in text
    assert "- Teaching language: English" in text


def test_two_column_pdf_keeps_label_lines_and_headings_apart_and_joins_wraps() -> None:
    lines = extract_page(DEV / "fr-du-education-therapeutique-pdf" / "page.pdf").splitlines()
    assert "Durée : un an (120 heures d'enseignement)" in lines
    assert "Lieu : campus Santé de Nantes-Est" in lines
    assert "Tarifs" in lines
    assert "Prise en charge employeur : 2 450 € pour l'ensemble de la formation." in lines


def test_pdf_wraps_before_a_proper_noun_are_joined_and_a_list_ends_before_a_capital() -> None:
    lines = extract_page(DEV / "usm-master-nutrition-clinique" / "page.pdf").splitlines()
    assert any(
        line.startswith("Les étudiants boursiers de la Fédération Wallonie-") for line in lines
    )
    assert "• Éducation thérapeutique du patient (4 crédits)" in lines
    assert "• attestation d'expérience professionnelle (bacheliers en diététique)" in lines


def test_buttons_are_dropped_and_do_not_swallow_the_next_heading() -> None:
    lines = extract_page(DEV / "cedar-valley-ms-biostatistics" / "page.html").splitlines()
    assert "## Program Overview" in lines
    assert not any("Start your application" in line for line in lines)


def test_markdown_tables_become_label_lines() -> None:
    text = extract_page(DEV / "us-ms-data-analytics" / "page.md")
    assert "Credits: 36 credit hours" in text.splitlines()
    assert "**" not in text


def test_two_column_table_values_keep_their_column_name(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main><h1>MSc X</h1><p>The MSc X trains data scientists for hospitals.</p>"
        "<h2>Application</h2><table><tr><th>Applicant</th><th>Application deadline</th></tr>"
        "<tr><td>Diploma from within the EEA</td><td>1 June 2026</td></tr></table>"
        "</main></body></html>",
        encoding="utf-8",
    )
    lines = extract_page(page).splitlines()
    assert "Diploma from within the EEA | Application deadline: 1 June 2026" in lines


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.txt", "Frais : 250 €".encode("cp1252"), "cp1252/latin-1: save it as UTF-8"),
        ("page.md", b"# \n\n", "the page is empty"),
        ("page.html", b"<html><body><nav>Home</nav></body></html>", "nothing could be extracted"),
        ("page.docx", b"PK\x03\x04", "unsupported page format"),
    ],
)
def test_bad_documents_get_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    page = tmp_path / name
    page.write_bytes(content)
    with pytest.raises(BuildError, match=message):
        extract_page(page)


def test_extracted_text_is_kept_beside_the_page_for_audit(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(HTML, encoding="utf-8")
    kept = write_extracted(page, "text")
    assert kept == extracted_path(page) and kept.read_text(encoding="utf-8") == "text"
    assert is_page(page) and not is_page(kept)
    assert write_extracted(tmp_path / "x.txt", "text") is None  # a text page is its own audit


def test_markdown_emphasis_is_dropped_but_list_markers_and_names_stay(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# MSc\n\n* first item\n* *Note:* see file_name_here\n", encoding="utf-8")
    text = extract_page(page)
    assert "* first item" in text and "* Note: see file_name_here" in text

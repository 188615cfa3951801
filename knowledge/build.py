"""Build the knowledge base: pages + registry + overrides → SQLite, swapped in atomically."""

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlite_utils import Database

from knowledge.config import DEFAULT_TOPICS_PATH, TopicConfig, load_topic_config
from knowledge.documents import extract_page, is_page, write_extracted
from knowledge.errors import BuildError
from knowledge.extract import CUT_NOTE, Draft, analyse_page, display_text
from knowledge.fact_values import check_round_trip
from knowledge.garble import GarbledRun, contains_garbled, find_garbled_runs
from knowledge.language import detect_language
from knowledge.model import FACT_FIELDS
from knowledge.overrides import apply_overrides, load_overrides
from knowledge.page_checks import page_errors
from knowledge.passages import page_passages, save_passages
from knowledge.patterns import make_nlp
from knowledge.registry import RegistryEntry, load_registry
from knowledge.store import ensure_db_shape, save_aliases, save_facts, save_programmes, save_sources
from knowledge.topics import TOPICS
from knowledge.unknowns import add_unknowns

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).parent
DEFAULT_SOURCES = PACKAGE_DIR / "sources"
DEFAULT_REGISTRY = PACKAGE_DIR / "programmes.yml"
DEFAULT_OVERRIDES = PACKAGE_DIR / "overrides.yml"


@dataclass(frozen=True)
class PageReport:
    """What the build made of one page."""

    file: str
    programme: str
    fact_count: int
    garbled_runs: tuple[GarbledRun, ...] = ()


@dataclass
class BuildReport:
    """What the build made of all pages."""

    pages: list[PageReport] = field(default_factory=list)

    @property
    def fact_count(self) -> int:
        """Return the number of facts written."""
        return sum(page.fact_count for page in self.pages)


def read_page(path: Path) -> str:
    """Return a page's text (HTML main content, PDF text layer, Markdown or text)."""
    return extract_page(path)


def page_language(page: str) -> str:
    """Return "fr" for a French page, else "en"."""
    return detect_language(page[:4000])


def _check_sources(entries: list[RegistryEntry], sources_dir: Path, registry_path: Path) -> None:
    if not sources_dir.is_dir():
        raise BuildError(f"{sources_dir}: sources folder not found")
    for entry in entries:
        if not (sources_dir / entry.source).is_file():
            raise BuildError(
                f"{sources_dir / entry.source}: page of programme {entry.id!r} not found"
                f" (listed in {registry_path})"
            )
    registered = {entry.source for entry in entries}
    for page in sorted(path for path in sources_dir.iterdir() if is_page(path)):
        if page.name not in registered:
            raise BuildError(f"{page}: page has no programme entry in {registry_path}")


def _page_drafts(
    entry: RegistryEntry,
    page: str,
    path: Path,
    config: TopicConfig,
    overrides: list[dict],
    overrides_path: Path | None,
) -> list[Draft]:
    analysis = analyse_page(
        page,
        programme=entry.id,
        source=entry.source,
        config=config,
        nlp=make_nlp(page_language(page)),
    )
    headed = any(section.topic for section in analysis.sections)
    topical = any(draft.fields["topic"] != "overview" for draft in analysis.drafts)
    if not analysis.drafts or not (headed or topical):
        raise BuildError(
            f"{path}: no recognisable sections (no known heading and no topic keyword)"
        )
    drafts = apply_overrides(
        analysis.drafts,
        overrides,
        programme=entry.id,
        source=entry.source,
        page=page,
        overrides_path=overrides_path,
    )
    return add_unknowns(
        drafts,
        analysis.sections,
        programme=entry.id,
        source=entry.source,
        page_name=entry.page_name,
        page_length=len(page),
        config=config,
    )


def build_page(
    entry: RegistryEntry,
    path: Path,
    *,
    config: TopicConfig,
    overrides: list[dict] = (),
    overrides_path: Path | None = None,
) -> tuple[str, list[dict], tuple[GarbledRun, ...]]:
    """Return one page's extracted text, its fact rows and its garbled runs."""
    page = read_page(path)
    write_extracted(path, page)
    runs = tuple(find_garbled_runs(page))
    for run in runs:
        logger.warning("%s:%d:%d garbled run %r", entry.source, run.line, run.column, run.run)
    rows = _fact_rows(_page_drafts(entry, page, path, config, list(overrides), overrides_path))
    for row in rows:
        if row["quote"] and row["quote"] not in page:
            raise BuildError(f"{path}: a quote is not in the page's text: {row['quote']!r}")
    return page, rows, runs


def _fact_rows(drafts: list[Draft]) -> list[dict]:
    ordered = sorted(
        drafts,
        # what the headings, labels and cue words file reads before what only the topic model
        # adds; a general gap reads before the profile facts it stands beside
        key=lambda draft: (
            draft.learned,
            draft.offset,
            TOPICS.index(draft.fields["topic"]),
            bool(draft.fields["stated"]),
        ),
    )
    rows = []
    for rank, draft in enumerate(ordered, start=1):
        row = {name: draft.fields.get(name) for name in FACT_FIELDS}
        row.update(rank=rank, stated=int(bool(row["stated"])), id=f"{row['programme']}/{rank:03d}")
        if row["method"] == "extracted":
            # the text is the quote, saying so when the page's garbled text cut it short
            if row["text"] not in (
                display_text(row["quote"]),
                display_text(row["quote"]) + CUT_NOTE,
            ):
                raise BuildError(f"{row['source']}: fact text is not its quote: {row['text']!r}")
            check_round_trip(row["quote"], row["source"])
        for name in ("text", "quote"):
            if contains_garbled(row[name] or ""):
                raise BuildError(
                    f"{row['source']}: garbled characters reached a fact {name}: {row[name]!r}"
                )
        rows.append(row)
    return rows


def build(
    db: Database,
    *,
    sources_dir: Path = DEFAULT_SOURCES,
    registry_path: Path = DEFAULT_REGISTRY,
    overrides_path: Path | None = DEFAULT_OVERRIDES,
    topics_path: Path = DEFAULT_TOPICS_PATH,
    progress: Callable[[PageReport], None] | None = None,
    force: bool = False,
) -> BuildReport:
    """Read every page, extract its facts and write them to the database."""
    sources_dir, registry_path = Path(sources_dir), Path(registry_path)
    entries = load_registry(registry_path)
    config = load_topic_config(topics_path)
    overrides = load_overrides(overrides_path)
    known = {entry.id for entry in entries}
    for item in overrides:
        if item["programme"] not in known:
            raise BuildError(
                f"{overrides_path}: override for unknown programme {item['programme']!r}"
            )
    _check_sources(entries, sources_dir, registry_path)
    report, programmes, aliases, facts, sources = BuildReport(), [], [], [], []
    passages: list[dict] = []
    for entry in entries:
        path = sources_dir / entry.source
        page, rows, runs = build_page(
            entry, path, config=config, overrides=overrides, overrides_path=overrides_path
        )
        for url in filter(None, (entry.contact_url, entry.application_url)):
            if url not in page:
                raise BuildError(
                    f"{registry_path}: {entry.id} gives {url}, which {entry.source} does not"
                )
        if not force:
            errors = page_errors(page, rows)
            if errors:
                raise BuildError(
                    f"{path}: {errors[0]} (`advisor kb check {path}` lists every problem;"
                    " `make kb KB_FORCE=1` builds anyway)"
                )
        page_report = PageReport(entry.source, entry.id, len(rows), runs)
        report.pages.append(page_report)
        programmes.append(
            {
                name: getattr(entry, name)
                for name in (
                    "id",
                    "name",
                    "short_name",
                    "page_name",
                    "source",
                    "level",
                    "language",
                    "institution",
                    "contact_url",
                    "application_url",
                )
            }
        )
        aliases += [{"programme": entry.id, "alias": alias} for alias in entry.aliases]
        facts += rows
        passages += page_passages(page, programme=entry.id, source=entry.source)
        sources.append(
            {
                "file": entry.source,
                "programme": entry.id,
                "sha256": hashlib.sha256(page.encode("utf-8")).hexdigest(),
                "size": len(page.encode("utf-8")),
                "fact_count": len(rows),
                "garbled_count": len(runs),
                "garbled_runs": [asdict(run) for run in runs],
                "text": page,  # what the quotes were checked against, for audit
            }
        )
        if progress is not None:
            progress(page_report)
    ensure_db_shape(db)
    with db.conn:
        for table in ("facts", "aliases", "programmes", "sources"):
            db[table].delete_where()
        save_programmes(db, programmes)
        save_aliases(db, aliases)
        save_facts(db, facts)
        save_sources(db, sources)
        save_passages(db, passages)
    return report


def build_file(db_path: Path, **options: object) -> BuildReport:
    """Build into a temporary file next to db_path, then atomically replace db_path."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = Database(temporary)
        try:
            report = build(db, **options)  # type: ignore[arg-type]
        finally:
            db.close()
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    return report

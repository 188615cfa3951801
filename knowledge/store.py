"""The SQLite shape of the knowledge base, via sqlite-utils."""

import json
from collections.abc import Iterable

from sqlite_utils import Database

FACT_COLUMNS = {
    "id": str, "programme": str, "topic": str, "text": str, "source": str, "quote": str,
    "method": str, "stated": int, "subtopic": str, "date_start": str, "date_end": str,
    "time": str, "amount": float, "currency": str, "period": str, "academic_year": str,
    "count": int, "rank": int, "amounts": str, "dates": str, "levels": str,
}  # fmt: skip
PROGRAMME_COLUMNS = {
    "id": str, "name": str, "short_name": str, "page_name": str, "source": str, "level": str,
    "language": str, "institution": str, "contact_url": str, "application_url": str,
}  # fmt: skip
SOURCE_COLUMNS = {
    "file": str, "programme": str, "sha256": str, "size": int, "fact_count": int,
    "garbled_count": int, "garbled_runs": str, "text": str,
}  # fmt: skip


def ensure_db_shape(db: Database) -> None:
    """Create the tables, indexes and full-text search if missing; safe to run twice."""
    if "programmes" not in db.table_names():
        db["programmes"].create(PROGRAMME_COLUMNS, pk="id")
    if "aliases" not in db.table_names():
        db["aliases"].create({"programme": str, "alias": str}, pk=("programme", "alias"))
    if "sources" not in db.table_names():
        db["sources"].create(SOURCE_COLUMNS, pk="file")
    if "facts" not in db.table_names():
        db["facts"].create(FACT_COLUMNS, pk="id")
    db["facts"].create_index(["programme", "topic", "rank"], if_not_exists=True)
    db["aliases"].create_index(["alias"], if_not_exists=True)
    if not db["facts"].detect_fts():
        db["facts"].enable_fts(
            ["text", "quote"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )


def save_programmes(db: Database, records: Iterable[dict]) -> None:
    """Upsert programme rows."""
    db["programmes"].upsert_all(records, pk="id", alter=True)


def save_aliases(db: Database, records: Iterable[dict]) -> None:
    """Upsert alias rows ({"programme", "alias"})."""
    db["aliases"].upsert_all(records, pk=("programme", "alias"), alter=True)


def save_facts(db: Database, records: Iterable[dict]) -> None:
    """Upsert fact rows; each needs an "id"."""
    db["facts"].upsert_all(records, pk="id", alter=True)


def save_sources(db: Database, records: Iterable[dict]) -> None:
    """Upsert source rows; garbled runs are stored as JSON text."""
    rows = [
        {**record, "garbled_runs": json.dumps(record.get("garbled_runs", []), ensure_ascii=False)}
        for record in records
    ]
    db["sources"].upsert_all(rows, pk="file", alter=True)

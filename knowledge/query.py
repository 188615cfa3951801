"""Read-only query API over a built knowledge base (what the actions and the CLI use)."""

import re
import sqlite3
from pathlib import Path

import sqlite_utils

from knowledge.errors import KnowledgeBaseError
from knowledge.model import FACT_FIELDS, Fact, Programme
from knowledge.resolve import ProgrammeResolver
from settings import default_kb_path

_REQUIRED_TABLES = {"programmes", "aliases", "facts", "sources"}
_MISSING_HINT = "run `make kb` (or `advisor kb build`) to build it"
_SEARCH_WORD = re.compile(r"\w+", re.UNICODE)


def default_db_path() -> Path:
    """Return the knowledge base path: $ADVISOR_KB, else knowledge.db in the repo root."""
    return default_kb_path()


def _fact(row: dict) -> Fact:
    values = {name: row.get(name) for name in FACT_FIELDS}
    values["stated"] = bool(values["stated"])
    return Fact(**values)


class KnowledgeBase:
    """Programmes and their facts, from a knowledge base database."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        """Wrap an open database that holds a built knowledge base."""
        self.db = db
        try:
            tables = set(db.table_names())
        except sqlite3.DatabaseError as error:
            raise KnowledgeBaseError(
                f"not a valid knowledge base ({error}); {_MISSING_HINT}"
            ) from error
        if not tables >= _REQUIRED_TABLES or not db["programmes"].count:
            raise KnowledgeBaseError(f"the knowledge base is empty or incomplete; {_MISSING_HINT}")
        self._resolver: ProgrammeResolver | None = None

    @classmethod
    def open(cls, path: str | Path) -> "KnowledgeBase":
        """Open a knowledge base file read-only."""
        path = Path(path)
        if not path.is_file() or path.stat().st_size == 0:
            raise KnowledgeBaseError(f"knowledge base {path} is missing or empty; {_MISSING_HINT}")
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise KnowledgeBaseError(
                f"cannot open knowledge base {path} ({error}); {_MISSING_HINT}"
            ) from error
        return cls(sqlite_utils.Database(connection))

    def programmes(self) -> list[Programme]:
        """Return every programme, in registry order."""
        aliases: dict[str, list[str]] = {}
        for row in self.db.query("select programme, alias from aliases order by rowid"):
            aliases.setdefault(row["programme"], []).append(row["alias"])
        return [
            Programme(
                id=row["id"],
                name=row["name"],
                short_name=row["short_name"],
                page_name=row["page_name"],
                source=row["source"],
                level=row["level"],
                language=row["language"],
                institution=row["institution"],
                aliases=tuple(aliases.get(row["id"], ())),
                contact_url=row.get("contact_url") or None,
            )
            for row in self.db.query("select * from programmes order by rowid")
        ]

    def programme(self, programme_id: str) -> Programme | None:
        """Return one programme by id, or None."""
        return next((item for item in self.programmes() if item.id == programme_id), None)

    def facts(self, programme_id: str, topic: str) -> list[Fact]:
        """Return a programme's facts on a topic, in page order, not-stated records included."""
        rows = self.db.query(
            "select * from facts where programme = ? and topic = ? order by rank",
            [programme_id, topic],
        )
        return [_fact(row) for row in rows]

    def all_facts(self) -> list[Fact]:
        """Return every fact, by programme then page order."""
        return [
            _fact(row)
            for row in self.db.query(
                "select facts.* from facts join programmes on programmes.id = facts.programme"
                " order by programmes.rowid, rank"
            )
        ]

    def resolve_programmes(self, text: str) -> list[str]:
        """Return the ids of all programmes the text mentions, in order of mention."""
        if self._resolver is None:
            names = {
                item.id: [item.id, item.name, item.short_name, *item.aliases]
                for item in self.programmes()
            }
            self._resolver = ProgrammeResolver(names)
        return self._resolver.resolve(text or "")

    def resolve_programme(self, text: str) -> str | None:
        """Return the first programme the text mentions, or None."""
        found = self.resolve_programmes(text)
        return found[0] if found else None

    def search(self, text: str, programme_id: str | None = None, limit: int = 5) -> list[Fact]:
        """Return stated facts matching any word of the text, best first; safe for any input."""
        words = _SEARCH_WORD.findall(text or "")
        if not words or limit <= 0:
            return []
        match = " OR ".join('"' + word.replace('"', "") + '"' for word in words[:32])
        sql = (
            "select facts.* from facts join facts_fts on facts_fts.rowid = facts.rowid "
            "where facts_fts match :match and facts.stated = 1"
        )
        params: dict = {"match": match, "limit": limit}
        if programme_id:
            sql += " and facts.programme = :programme"
            params["programme"] = programme_id
        sql += " order by bm25(facts_fts), facts.rank limit :limit"
        try:
            return [_fact(row) for row in self.db.query(sql, params)]
        except sqlite3.OperationalError as error:
            raise KnowledgeBaseError(f"search failed ({error})") from error

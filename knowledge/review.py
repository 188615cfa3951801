"""Staff review of a page before students see it: check, diff, add and remove programmes.

`check_page` builds one page alone and says, per topic, what students will be told (the quote)
and what will be recorded as not stated, with warnings; `fact_diff` compares a programme's facts
before and after its page changes; `add_to_registry` / `remove_from_registry` edit
programmes.yml (and overrides.yml) as text, so their comments survive.
"""

import difflib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.build import build_page
from knowledge.config import DEFAULT_TOPICS_PATH, load_topic_config
from knowledge.documents import extracted_path
from knowledge.errors import BuildError
from knowledge.page_checks import page_errors
from knowledge.registry import RegistryEntry, load_registry
from knowledge.topics import TOPICS
from knowledge.values import find_money, undated_day_months

_MONEY_WORDS = re.compile(
    r"\b(fees?|tuition|costs?|frais|droits d.inscription|coûts?|price|tarifs?)\b", re.IGNORECASE
)
_TITLE_NOISE = re.compile(r"\s*[|–—-]\s*[^|–—-]*$")


@dataclass
class PageCheck:
    """What a page will give students, and what staff should look at first."""

    path: Path
    text: str = ""
    facts: dict[str, list[dict]] = field(default_factory=dict)  # topic → stated fact rows
    not_stated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    title: str | None = None

    @property
    def ok(self) -> bool:
        """Return True when nothing stops the page from being published."""
        return not self.errors


def _warnings(rows: list[dict]) -> list[str]:
    warnings = []
    for row in rows:
        if not row["stated"] or row["method"] != "extracted":
            continue
        quote = row["quote"].replace("\n", " ")
        if row["topic"] == "fees" and _MONEY_WORDS.search(quote) and not find_money(quote):
            warnings.append(f"fees: money is mentioned but no amount was read: {quote[:90]!r}")
        undated = undated_day_months(quote)
        if undated and row["topic"] in ("deadlines", "start_date"):
            warnings.append(
                f"{row['topic']}: a date with no year ({', '.join(undated)}); students are not"
                f" told whether it is open: {quote[:90]!r}"
            )
    by_topic: dict[str, list[dict]] = {}
    for row in rows:
        if row["stated"]:
            by_topic.setdefault(row["topic"], []).append(row)
    for topic, items in by_topic.items():
        if all("\n" in item["quote"] for item in items) and topic != "documents":
            warnings.append(f"{topic}: found only in a list; check the list really says it")
    return warnings


def page_title(text: str) -> str | None:
    """Return the page's title: its first Markdown heading or first short line."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped and len(stripped.split()) <= 14:
            return _TITLE_NOISE.sub("", stripped).strip() or stripped
        if stripped:
            return None
    return None


def check_page(
    path: Path, *, programme_id: str = "new-programme", name: str | None = None
) -> PageCheck:
    """Build one page alone and report its facts, silences, warnings and errors."""
    path = Path(path)
    check = PageCheck(path)
    page_name = f"{name or programme_id} page"
    entry = RegistryEntry(
        programme_id, name or programme_id, name or programme_id, page_name, path.name
    )
    try:
        text, rows, runs = build_page(entry, path, config=load_topic_config(DEFAULT_TOPICS_PATH))
    except BuildError as error:
        check.errors.append(str(error))
        return check
    check.text = text
    check.title = page_title(text)
    check.errors += page_errors(text, rows)
    check.warnings += [f"garbled characters at line {run.line}: {run.run!r}" for run in runs]
    check.warnings += _warnings(rows)
    for row in rows:
        if row["stated"]:
            check.facts.setdefault(row["topic"], []).append(row)
    check.not_stated = [topic for topic in TOPICS if topic not in check.facts]
    return check


def suggest_aliases(title: str | None, name: str) -> list[str]:
    """Return aliases students may type, from the page title and the programme name."""
    found: list[str] = []
    for text in filter(None, (title, name)):
        found.append(text)
        bare = re.sub(
            r"^(msc|ma|ms|m\.s\.|master(?:'s)?( of science)?( in| en)?|master|mastère|"
            r"postgraduate certificate( in)?)\s+",
            "",
            re.sub(r"\s*\([^)]*\)", "", text),
            flags=re.IGNORECASE,
        )
        if bare != text and len(bare.split()) >= 2:
            found.append(bare)
        inner = re.findall(r"\(([^)]{2,40})\)", text)
        found += [item for item in inner if not item.isdigit()]
    return list(dict.fromkeys(alias.strip() for alias in found if alias.strip()))


def _fact_key(row: dict) -> tuple:
    return (row["topic"], row.get("subtopic"))


def _values(row: dict) -> tuple:
    names = ("amounts", "dates", "date_start", "date_end", "count", "levels", "amount")
    return tuple(row.get(name) for name in names)


def fact_diff(old: list[dict], new: list[dict]) -> dict[str, list]:
    """Return the added, changed and gone stated facts between two versions of a programme."""
    old = [row for row in old if row.get("stated")]
    new = [row for row in new if row.get("stated")]
    same = {(row["topic"], row["quote"]) for row in old} & {
        (row["topic"], row["quote"]) for row in new
    }
    changed = []
    old_by_quote = {(row["topic"], row["quote"]): row for row in old}
    for row in new:
        before = old_by_quote.get((row["topic"], row["quote"]))
        if before is not None and _values(before) != _values(row):
            changed.append((before, row))
    gone = [row for row in old if (row["topic"], row["quote"]) not in same]
    added = [row for row in new if (row["topic"], row["quote"]) not in same]
    for before in list(gone):  # a reworded fact on the same topic is a change, not two facts
        candidates = [row for row in added if _fact_key(row) == _fact_key(before)]
        ratios = [
            (difflib.SequenceMatcher(None, before["quote"], row["quote"]).ratio(), index)
            for index, row in enumerate(candidates)
        ]
        best = max(ratios, default=(0.0, -1))
        if best[0] >= 0.6:
            after = candidates[best[1]]
            changed.append((before, after))
            gone.remove(before)
            added.remove(after)
    return {"added": added, "changed": changed, "gone": gone}


def programme_rows(db, programme_id: str) -> list[dict]:
    """Return a programme's fact rows from a built knowledge base (empty when absent)."""
    if "facts" not in db.table_names():
        return []
    return list(db.query("select * from facts where programme = ? order by rank", [programme_id]))


def _entry_text(entry: dict) -> str:
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"  {line}\n" for line in body.splitlines())


def add_to_registry(
    registry_path: Path, sources_dir: Path, page: Path, entry: dict
) -> tuple[Path, bool]:
    """Copy the page into sources as <id><suffix> and add or replace its registry entry."""
    registry_path, sources_dir, page = Path(registry_path), Path(sources_dir), Path(page)
    target = sources_dir / f"{entry['id']}{page.suffix.lower()}"
    entry = {**entry, "source": target.name}
    existing = {item.id: item for item in load_registry(registry_path)}
    replaced = entry["id"] in existing
    if replaced:
        old = existing[entry["id"]]
        remove_from_registry(registry_path, sources_dir, entry["id"], keep_page=True)
        entry = {**{k: v for k, v in vars(old).items() if v}, **entry}
        entry["aliases"] = list(entry.get("aliases") or [])
        if old.source != target.name:
            _unlink_page(sources_dir / old.source)
    if page.resolve() != target.resolve():
        shutil.copyfile(page, target)
    text = registry_path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    registry_path.write_text(text + _entry_text(entry), encoding="utf-8")
    load_registry(registry_path)  # refuse to leave a registry the build cannot read
    return target, replaced


def _unlink_page(path: Path) -> None:
    path.unlink(missing_ok=True)
    extracted_path(path).unlink(missing_ok=True)


def _drop_blocks(text: str, start: re.Pattern, programme_id: str) -> str:
    """Remove every "  - key: value" block of a YAML list whose value is programme_id."""
    lines, kept, skipping = text.splitlines(keepends=True), [], False
    for line in lines:
        match = start.match(line)
        if match:
            skipping = match.group(1).strip().strip("'\"") == programme_id
        elif skipping and not line.startswith("    ") and line.strip():
            skipping = False
        if not skipping:
            kept.append(line)
    return "".join(kept)


def remove_from_registry(
    registry_path: Path,
    sources_dir: Path,
    programme_id: str,
    *,
    overrides_path: Path | None = None,
    keep_page: bool = False,
) -> RegistryEntry:
    """Remove a programme's registry entry, its curated facts and (unless kept) its page."""
    entries = {item.id: item for item in load_registry(registry_path)}
    if programme_id not in entries:
        raise BuildError(f"{registry_path}: no programme {programme_id!r}")
    registry_path = Path(registry_path)
    text = registry_path.read_text(encoding="utf-8")
    registry_path.write_text(
        _drop_blocks(text, re.compile(r"^  - id:\s*(.+)$"), programme_id), encoding="utf-8"
    )
    if overrides_path is not None and Path(overrides_path).exists():
        overrides = Path(overrides_path).read_text(encoding="utf-8")
        kept = _drop_blocks(overrides, re.compile(r"^  - programme:\s*(.+)$"), programme_id)
        Path(overrides_path).write_text(kept, encoding="utf-8")
    if not keep_page:
        _unlink_page(Path(sources_dir) / entries[programme_id].source)
    return entries[programme_id]


def describe_values(row: dict) -> str:
    """Return the parsed values of a fact row as staff read them."""
    parts = []
    for amount, currency, period in json.loads(row.get("amounts") or "[]"):
        parts.append(f"{amount:g} {currency}" + (f" per {period}" if period else ""))
    if row.get("dates"):
        parts.append("dates " + row["dates"].replace(",", ", "))
    for name in ("count", "levels", "academic_year", "subtopic"):
        if row.get(name):
            parts.append(f"{name} {row[name]}")
    return "; ".join(parts)

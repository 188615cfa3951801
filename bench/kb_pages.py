"""Generate many programme pages (variants of the shipped ones) with a registry and overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "knowledge" / "sources"
REGISTRY = PROJECT_ROOT / "knowledge" / "programmes.yml"
OVERRIDES = PROJECT_ROOT / "knowledge" / "overrides.yml"


@dataclass(frozen=True)
class PageSet:
    """Where a set of pages, their registry and their overrides are."""

    sources: Path
    registry: Path
    overrides: Path
    count: int


def shipped_pages() -> PageSet:
    """Return the shipped pages, registry and overrides."""
    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return PageSet(SOURCES, REGISTRY, OVERRIDES, len(registry["programmes"]))


def _variant_entry(base: dict, number: int) -> dict:
    new_id = f"{base['id']}-gen{number:04d}"
    entry = dict(base)
    entry.update(
        id=new_id,
        name=f"{base['name']} (variant {number})",
        short_name=f"{base['short_name']} {number}",
        page_name=f"{base['page_name']} {number}",
        source=f"{new_id}.txt",
        aliases=[f"{alias} {number}" for alias in base.get("aliases") or []],
    )
    return entry


def _variant_page(text: str, number: int) -> str:
    # Appending keeps every curated quote and registry URL verbatim on the page.
    return (
        f"{text.rstrip()}\n\nProgramme reference: GEN-{number:04d}. Cohort {2026 + number % 4}.\n"
    )


def generate_pages(out_dir: Path, count: int, *, base: PageSet | None = None) -> PageSet:
    """Write `count` variant pages, their registry and their overrides under out_dir."""
    base = base or shipped_pages()
    registry = yaml.safe_load(base.registry.read_text(encoding="utf-8"))["programmes"]
    overrides = yaml.safe_load(base.overrides.read_text(encoding="utf-8")).get("overrides") or []
    sources = out_dir / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    entries, new_overrides = [], []
    for number in range(count):
        template = registry[number % len(registry)]
        entry = _variant_entry(template, number)
        page = (base.sources / template["source"]).read_text(encoding="utf-8")
        (sources / entry["source"]).write_text(_variant_page(page, number), encoding="utf-8")
        entries.append(entry)
        new_overrides += [
            {**item, "programme": entry["id"]}
            for item in overrides
            if item["programme"] == template["id"]
        ]
    registry_path, overrides_path = out_dir / "programmes.yml", out_dir / "overrides.yml"
    registry_path.write_text(yaml.safe_dump({"programmes": entries}, allow_unicode=True), "utf-8")
    overrides_path.write_text(
        yaml.safe_dump({"overrides": new_overrides}, allow_unicode=True), "utf-8"
    )
    return PageSet(sources, registry_path, overrides_path, count)

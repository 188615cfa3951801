"""Curated facts (overrides.yml) for what extraction cannot reach, each on a verbatim quote."""

from pathlib import Path

import yaml

from knowledge.errors import BuildError
from knowledge.extract import Draft
from knowledge.model import FACT_FIELDS
from knowledge.topics import TOPICS

_ALLOWED = set(FACT_FIELDS) - {"method", "stated", "rank", "source"}


def load_overrides(path: Path | None) -> list[dict]:
    """Read overrides.yml; a missing file means no overrides."""
    if path is None or not Path(path).exists():
        return []
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise BuildError(
            f"{path}: cannot read the overrides ({error.__class__.__name__})"
        ) from error
    overrides = data.get("overrides") or [] if isinstance(data, dict) else None
    if not isinstance(overrides, list):
        raise BuildError(f"{path}: expected a list under 'overrides'")
    for number, item in enumerate(overrides, start=1):
        if not isinstance(item, dict) or not all(
            item.get(key) for key in ("programme", "topic", "quote")
        ):
            raise BuildError(f"{path}: override {number} needs programme, topic and quote")
        unknown = set(item) - _ALLOWED
        if unknown or item["topic"] not in TOPICS:
            raise BuildError(
                f"{path}: override {number} has an unknown topic or field {sorted(unknown)}"
            )
    return overrides


def apply_overrides(
    drafts: list[Draft],
    overrides: list[dict],
    *,
    programme: str,
    source: str,
    page: str,
    overrides_path: Path | None,
) -> list[Draft]:
    """Return drafts with this programme's curated facts replacing the ones they correct."""
    result = list(drafts)
    for item in overrides:
        if item["programme"] != programme:
            continue
        quote = item["quote"]
        offset = page.find(quote)
        if offset < 0:
            raise BuildError(f"{overrides_path}: curated quote not found in {source}: {quote!r}")
        result = [
            draft
            for draft in result
            if not (
                draft.fields["topic"] == item["topic"]
                and (quote in draft.fields["quote"] or draft.fields["quote"] in quote)
            )
        ]
        # students read the quote itself unless staff must say what the page leaves unreadable
        fields = {"text": quote, **item, "source": source, "method": "curated", "stated": True}
        result.append(Draft(fields, frozenset({"CURATED"}), offset))
    return result

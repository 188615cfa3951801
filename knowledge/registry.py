"""Load the programme registry (programmes.yml)."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.errors import BuildError

REQUIRED_FIELDS = ("id", "name", "short_name", "page_name", "source")


@dataclass(frozen=True)
class RegistryEntry:
    """One programme as declared in the registry."""

    id: str
    name: str
    short_name: str
    page_name: str
    source: str
    level: str | None = None
    language: str | None = None
    institution: str | None = None
    aliases: tuple[str, ...] = ()
    contact_url: str | None = None
    application_url: str | None = None


def load_registry(path: Path) -> list[RegistryEntry]:
    """Read and validate the registry file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise BuildError(
            f"{path}: cannot read the registry ({error.__class__.__name__})"
        ) from error
    items = (data or {}).get("programmes") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise BuildError(f"{path}: the registry lists no programmes")
    entries, seen = [], set()
    for item in items:
        missing = [field for field in REQUIRED_FIELDS if not (item or {}).get(field)]
        if missing:
            raise BuildError(f"{path}: a programme entry lacks {', '.join(missing)}")
        if item["id"] in seen:
            raise BuildError(f"{path}: programme id {item['id']!r} appears twice")
        seen.add(item["id"])
        known = {field: item.get(field) for field in RegistryEntry.__dataclass_fields__}
        known["aliases"] = tuple(str(alias) for alias in item.get("aliases") or ())
        entries.append(RegistryEntry(**known))
    return entries

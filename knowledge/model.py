"""The records the knowledge base holds, as the query API returns them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One answer-ready statement about a programme, with the verbatim quote it rests on."""

    programme: str
    topic: str
    text: str
    source: str
    quote: str
    method: str  # "extracted" | "curated" | "not_stated"
    stated: bool
    subtopic: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    time: str | None = None
    amount: float | None = None
    currency: str | None = None
    period: str | None = None
    academic_year: str | None = None
    count: int | None = None
    rank: int = 0
    amounts: str | None = None  # JSON list of [amount, currency, period], every amount quoted
    dates: str | None = None  # every ISO date quoted, comma-separated
    levels: str | None = None  # language tests and levels: "IELTS 7.0; B2"


@dataclass(frozen=True)
class Programme:
    """A programme from the registry."""

    id: str
    name: str
    short_name: str
    page_name: str
    source: str
    level: str | None
    language: str | None
    institution: str | None
    aliases: tuple[str, ...]
    contact_url: str | None


FACT_FIELDS = tuple(Fact.__dataclass_fields__)

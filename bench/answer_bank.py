"""The student question bank (eval/questions/): loading and checking it, for bench/answers.py."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.answer_text import normalise
from bench.paths import QUESTIONS
from settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "knowledge" / "sources"

CATEGORIES = (
    "core_topics", "new_topics", "eligibility", "international", "follow_ups",
    "comparisons", "french", "typos", "page_silent", "off_topic",
)  # fmt: skip
EXPECT_KINDS = ("facts", "all_of", "not_stated", "refusal", "any_of_programmes")
MODIFIERS = ("or_not_stated", "long_ok")


def load_bank(split: str, folder: Path = QUESTIONS) -> list[dict]:
    """Return the conversations of eval/questions/<split>.yml."""
    data = yaml.safe_load((folder / f"{split}.yml").read_text(encoding="utf-8"))
    return data or []


def bank_problems(conversations: list[dict], pages: list[str]) -> list[str]:
    """Return what is wrong with a bank's cases (format, categories, facts not on any page)."""
    flat_pages = [normalise(p) for p in pages]
    problems = []
    seen: set[str] = set()
    for case in conversations:
        cid = case.get("id", "?")
        if cid in seen:
            problems.append(f"{cid}: duplicate id")
        seen.add(cid)
        if case.get("category") not in CATEGORIES:
            problems.append(f"{cid}: unknown category {case.get('category')!r}")
        if not case.get("turns"):
            problems.append(f"{cid}: no turns")
        for number, turn in enumerate(case.get("turns") or [], start=1):
            expect = turn.get("expect") or {}
            kinds = [k for k in EXPECT_KINDS if expect.get(k)]
            unknown = set(expect) - set(EXPECT_KINDS) - set(MODIFIERS)
            if len(kinds) != 1 or unknown or not str(turn.get("text", "")).strip():
                problems.append(f"{cid} turn {number}: needs a text and exactly one of "
                                f"{', '.join(EXPECT_KINDS)} (got {sorted(expect)})")  # fmt: skip
            strings = list(expect.get("facts") or [])
            strings += [s for group in expect.get("all_of") or [] for s in group]
            for fact in strings:
                if not any(normalise(fact) in page for page in flat_pages):
                    problems.append(f"{cid} turn {number}: {fact!r} is on no shipped page")
    return problems


def shipped_pages(folder: Path = SOURCES) -> list[str]:
    """Return the text of every shipped page."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]

"""Answer-level score on the student question bank (eval/questions/): judging turns, scoring runs.

A reply passes when the expected fact (or an honest "the page does not say") is in its first
two sentences, it stays within MAX_WORDS unless the student asked for a list or comparison,
it is not the out-of-scope frame on an on-topic question, and every date, amount and
number-with-unit in it appears on a shipped page. `python -m bench.answers --split dev`
sends the bank through the real stack (bench/answers_runner.py) and prints the score. Text
matching is in bench/answer_text.py, the bank in bench/answer_bank.py, the printed report in
bench/answer_report.py.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml

from bench.answer_bank import CATEGORIES, shipped_pages
from bench.answer_numbers import NumberFacts, invented_values
from bench.answer_text import (
    button_titles,
    fact_in,
    join_messages,
    normalise,
    says_not_stated,
    split_sentences,
    word_count,
)
from settings import PROJECT_ROOT

ROOT = PROJECT_ROOT
REGISTRY = ROOT / "knowledge" / "programmes.yml"
DOMAIN = ROOT / "domain.yml"

DEFAULT_TODAY = "2026-11-29"
MAX_WORDS = 80
LEAD_SENTENCES = 2

# Failure kinds, reported separately.
WRONG = "wrong_or_missing"
FALSE_NOT_STATED = "false_not_stated"
REFUSAL = "refusal_of_on_topic"
NOT_REFUSED = "answered_off_topic"
TOO_LONG = "too_long"
INVENTED = "invented"
FAILURE_KINDS = (WRONG, FALSE_NOT_STATED, REFUSAL, NOT_REFUSED, TOO_LONG, INVENTED)

# Responses whose wording means "I decline / did not understand" (matched by name prefix).
REFUSAL_RESPONSES = ("utter_out_of_scope", "utter_default", "utter_other_institution")


def _frame_pattern(text: str) -> re.Pattern:
    """Turn a response's first sentence into a regex; {placeholders} match anything."""
    sentences = split_sentences(text)
    first = sentences[0] if sentences else text
    parts = re.split(r"\{[^}]+\}", normalise(first))
    return re.compile(".+?".join(re.escape(p) for p in parts))


def refusal_frames(domain: dict) -> list[re.Pattern]:
    """Return the decline frames of the domain (every language variant), as patterns."""
    frames = []
    for name, variants in (domain.get("responses") or {}).items():
        if name.startswith(REFUSAL_RESPONSES):
            for variant in variants or []:
                if variant.get("text"):
                    frames.append(_frame_pattern(variant["text"]))
    return frames


def is_refusal(text: str, frames: list[re.Pattern]) -> bool:
    """Say whether the reply uses one of the decline frames."""
    flat = normalise(text)
    return any(frame.search(flat) for frame in frames)


def programme_names(registry: dict) -> dict[str, list[str]]:
    """Return every programme's names and aliases, keyed by id."""
    names = {}
    for entry in registry["programmes"]:
        keys = ("name", "short_name", "page_name")
        names[entry["id"]] = [entry[k] for k in keys if entry.get(k)] + entry.get("aliases", [])
    return names


def programmes_named(text: str, names: dict[str, list[str]]) -> set[str]:
    """Return the ids of the programmes a text names (whole-word, case-insensitive)."""
    flat = normalise(text)
    found = set()
    for programme, aliases in names.items():
        for alias in aliases:
            if re.search(rf"(?<!\w){re.escape(normalise(alias))}(?!\w)", flat):
                found.add(programme)
                break
    return found


@dataclass(frozen=True)
class Judge:
    """What scoring needs besides the reply: decline frames, programme names, page numbers."""

    frames: list[re.Pattern]
    names: dict[str, list[str]]
    numbers: NumberFacts


@dataclass
class Verdict:
    """One turn's result: passed, and every failure kind found."""

    failures: list[str] = field(default_factory=list)
    words: int = 0

    @property
    def passed(self) -> bool:
        return not self.failures


def _any_fact(text: str, facts: list[str]) -> bool:
    return any(fact_in(text, fact) for fact in facts)


def score_turn(expect: dict, messages: list[dict], judge: Judge, today: str) -> Verdict:
    """Judge one bot turn (its messages) against the case's expectation."""
    text = join_messages(messages)
    sentences = split_sentences(text)
    lead = "\n".join(sentences[:LEAD_SENTENCES])
    refused = is_refusal(text, judge.frames)
    verdict = Verdict(words=word_count(text))
    if expect.get("refusal"):
        if not refused:
            verdict.failures.append(NOT_REFUSED)
        return verdict
    honest = says_not_stated(sentences[:LEAD_SENTENCES])
    if "facts" in expect:
        found = _any_fact(lead, expect["facts"])
        ok = found or (bool(expect.get("or_not_stated")) and honest)
    elif "all_of" in expect:
        found = all(_any_fact(text, group) for group in expect["all_of"])
        ok = found or (bool(expect.get("or_not_stated")) and honest)
    elif expect.get("not_stated"):
        found, ok = honest, honest
    else:  # any_of_programmes
        named = programmes_named(text + "\n" + "\n".join(button_titles(messages)), judge.names)
        found = len(named) >= 2
        ok = found or (bool(expect.get("or_not_stated")) and honest)
    if not ok:
        if refused:
            verdict.failures.append(REFUSAL)
        elif honest and not expect.get("not_stated"):
            verdict.failures.append(FALSE_NOT_STATED)
        else:
            verdict.failures.append(WRONG)
    if verdict.words > MAX_WORDS and not expect.get("long_ok"):
        verdict.failures.append(TOO_LONG)
    if invented_values(text, judge.numbers, today=today):
        verdict.failures.append(INVENTED)
    return verdict


def default_judge() -> Judge:
    """Build the judge from domain.yml, the programme registry and the shipped pages."""
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return Judge(
        frames=refusal_frames(domain),
        names=programme_names(registry),
        numbers=NumberFacts.from_pages(shipped_pages()),
    )


# --- scoring a run ----------------------------------------------------------------------


def score_run(conversations: list[dict], replies: dict[str, list[list[dict]]],
              judge: Judge) -> dict:  # fmt: skip
    """Score every turn; replies maps a conversation id to its turns' bot messages."""
    rows = []
    for case in conversations:
        today = str(case.get("today", DEFAULT_TODAY))
        answered = replies.get(case["id"], [])
        for number, turn in enumerate(case["turns"]):
            messages = answered[number] if number < len(answered) else []
            verdict = score_turn(turn["expect"], messages, judge, today)
            rows.append({
                "id": case["id"], "turn": number + 1, "category": case["category"],
                "question": turn["text"], "expect": turn["expect"],
                "reply": join_messages(messages), "messages": messages, "words": verdict.words,
                "passed": verdict.passed, "failures": verdict.failures,
            })  # fmt: skip
    return summarise(rows)


def replies_of(rows: list[dict]) -> dict[str, list[list[dict]]]:
    """Rebuild a run's replies from its scored rows (to score saved replies again)."""
    replies: dict[str, list[list[dict]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["id"], r["turn"])):
        replies[row["id"]].append(row.get("messages") or [{"text": row["reply"]}])
    return dict(replies)


def summarise(rows: list[dict]) -> dict:
    """Return overall and per-category scores, failure-kind counts and the failing rows."""
    by_category: dict[str, list[bool]] = defaultdict(list)
    kinds: Counter = Counter()
    for row in rows:
        by_category[row["category"]].append(row["passed"])
        kinds.update(row["failures"])
    passed = sum(row["passed"] for row in rows)
    return {
        "questions": len(rows),
        "passed": passed,
        "overall": round(passed / len(rows), 4) if rows else 0.0,
        "per_category": {
            name: {"questions": len(v), "passed": sum(v), "score": round(sum(v) / len(v), 4)}
            for name in CATEGORIES
            if (v := by_category.get(name))
        },
        "failure_kinds": {kind: kinds.get(kind, 0) for kind in FAILURE_KINDS},
        "rows": rows,
    }


def main() -> None:
    """Command line: run a split through the real stack and print the score."""
    from bench.answers_runner import main as run_main

    run_main()


if __name__ == "__main__":
    main()

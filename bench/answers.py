"""Answer-level score on the student question bank (eval/questions/): pure functions.

A reply passes when the expected fact (or an honest "the page does not say") is in its first
two sentences, it stays within MAX_WORDS unless the student asked for a list or comparison,
it is not the out-of-scope frame on an on-topic question, and every date, amount and
number-with-unit in it appears on a shipped page. `python -m bench.answers --split dev`
sends the bank through the real stack (bench/answers_runner.py) and prints the score.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.answer_numbers import NumberFacts, find_amounts, find_dates, invented_values

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions"
SOURCES = ROOT / "knowledge" / "sources"
REGISTRY = ROOT / "knowledge" / "programmes.yml"
DOMAIN = ROOT / "domain.yml"

DEFAULT_TODAY = "2026-11-29"
MAX_WORDS = 80
LEAD_SENTENCES = 2
CATEGORIES = (
    "core_topics", "new_topics", "eligibility", "international", "follow_ups",
    "comparisons", "french", "typos", "page_silent", "off_topic",
)  # fmt: skip
EXPECT_KINDS = ("facts", "all_of", "not_stated", "refusal", "any_of_programmes")
MODIFIERS = ("or_not_stated", "long_ok")

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

# Honest "the page does not say it", English and French. The route frame ("For anything the
# page does not state, see …") follows every answer, so it is removed before matching.
NOT_STATED_PATTERNS = (
    r"\b(?:does not|doesn't|do not|don't|did not|does n't) (?:state|say|mention|give|specify|"
    r"list|indicate|include|provide|cover|tell)",
    r"\bsays? nothing\b", r"\bnot (?:stated|mentioned|specified|given|listed|indicated)\b",
    r"\bgives? no\b", r"\bno (?:information|mention|details?)\b", r"\bis silent\b",
    r"\bne (?:dit|précise|donne|mentionne|indique|cite|parle|fournit)(?: rien| pas| aucune?)",
    r"\bn'(?:indique|évoque|a pas)\b", r"\bpas (?:précisé|indiqué|mentionné)e?s?\b",
    r"\baucune (?:information|mention|indication)\b", r"\bne dit rien\b",
)  # fmt: skip
ROUTE_FRAMES = (
    r"for anything the page does not state,?",
    r"pour ce que la page ne précise pas,?",
)
_NOT_STATED = re.compile("|".join(NOT_STATED_PATTERNS), re.IGNORECASE)
_ROUTE = re.compile("|".join(ROUTE_FRAMES), re.IGNORECASE)

_TOKEN = re.compile(r"[€£$%]|\w+")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u200a\u202f\u205f\u3000]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
                              "\u2013": "-", "\u2014": "-", "\u2212": "-"})  # fmt: skip
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "cf", "dr", "mr", "mrs", "ms", "prof", "approx",
                  "incl", "fig", "resp", "m.sc", "b.sc", "ph.d")  # fmt: skip
_CLOSERS = "\"')]»”’"
_SENTENCE_END = re.compile(r"(?<=[.!?…][\"')\]»”’])\s+|(?<=[.!?…])\s+")


def normalise(text: str) -> str:
    """Lower-case, NFKC, one kind of apostrophe, quote and dash, any run of spaces one space."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _SPACES.sub(" ", text).strip().casefold()


def _tokens(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(normalise(text))) + " "


def contains(haystack: str, needle: str) -> bool:
    """Say whether needle occurs in haystack as a run of whole words, both normalised.

    Punctuation between words does not count ("package () and" is "package and"), so a
    quote the bot tidied still matches, but "250" does not match inside "2500".
    """
    return _tokens(needle) in _tokens(haystack)


def _same_values(haystack: str, fact: str) -> bool:
    """Say whether every date and amount of a fact is in haystack, however written.

    "March 13, 2025" is "13 March 2025" and "13 mars 2025"; "€250" is "250 €".
    """
    dates, amounts = find_dates(fact), find_amounts(fact)
    if not dates and not amounts:
        return False
    shown_dates = find_dates(haystack)
    shown_amounts = {(v, c) for _, v, c in find_amounts(haystack)}
    for _, month, day, year in dates:
        if not any(
            (m, d) == (month, day) and (year is None or y is None or y == year)
            for _, m, d, y in shown_dates
        ):
            return False
    return all((v, c) in shown_amounts for _, v, c in amounts)


def fact_in(haystack: str, fact: str) -> bool:
    """Say whether a fact is in haystack: its words, or all its dates and amounts by value."""
    return contains(haystack, fact) or _same_values(haystack, fact)


def _ends_with_abbreviation(chunk: str) -> bool:
    word = chunk.rstrip(".").rsplit(None, 1)[-1].casefold() if chunk.strip() else ""
    word = word.lstrip("(\"'")
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"[a-z]", word))


def split_sentences(text: str) -> list[str]:
    """Split a reply into sentences: lines (bullets, list items) and sentence-ending marks.

    A full stop after an abbreviation, an initial or a number ("e.g.", "i.e.", "7.0") does
    not end a sentence; text with no letter or digit (a rule, a lone bullet) is dropped.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        pending = ""
        for piece in _SENTENCE_END.split(line):
            pending = f"{pending} {piece}" if pending else piece
            bare = piece.rstrip().rstrip(_CLOSERS)
            if bare.endswith(".") and _ends_with_abbreviation(bare):
                continue
            sentences.append(pending)
            pending = ""
        if pending:
            sentences.append(pending)
    return [s.strip() for s in sentences if re.search(r"\w", s)]


def join_messages(messages: list[dict]) -> str:
    """Join the text of a turn's bot messages, in order, one per line."""
    return "\n".join(m["text"] for m in messages if isinstance(m.get("text"), str))


def button_titles(messages: list[dict]) -> list[str]:
    """Return the titles of every button of a turn's messages."""
    return [
        b.get("title", "") for m in messages for b in m.get("buttons") or [] if isinstance(b, dict)
    ]


def word_count(text: str) -> int:
    """Count words: whitespace-separated tokens holding a letter or digit."""
    return sum(1 for token in text.split() if re.search(r"\w", token))


def says_not_stated(sentences: list[str]) -> bool:
    """Say whether one of the sentences says honestly that the page does not state it."""
    return any(_NOT_STATED.search(_ROUTE.sub("", s)) for s in sentences)


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


# --- the bank ---------------------------------------------------------------------------


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


def _expected(expect: dict) -> str:
    if "facts" in expect:
        text = " | ".join(expect["facts"])
    elif "all_of" in expect:
        text = " AND ".join("(" + " | ".join(group) + ")" for group in expect["all_of"])
    else:
        text = next(k for k in EXPECT_KINDS if expect.get(k))
    extra = [m for m in MODIFIERS if expect.get(m)]
    return text + (f"  [{', '.join(extra)}]" if extra else "")


def render(summary: dict, split: str) -> str:
    """Return the human report: per-category table, overall, failure kinds, every failure."""
    lines = [f"Answer score on the {split} split ({summary['questions']} questions)", ""]
    lines.append(f"{'category':<15} {'score':>6} {'passed':>12}")
    for name, row in summary["per_category"].items():
        lines.append(f"{name:<15} {row['score']:>6.3f} {row['passed']:>5}/{row['questions']:<6}")
    lines.append(f"{'overall':<15} {summary['overall']:>6.3f} "
                 f"{summary['passed']:>5}/{summary['questions']:<6}")  # fmt: skip
    lines += ["", "failure kinds: " + ", ".join(
        f"{kind} {count}" for kind, count in summary["failure_kinds"].items())]  # fmt: skip
    failing = [row for row in summary["rows"] if not row["passed"]]
    if failing:
        lines += ["", f"failures ({len(failing)}):"]
    for row in failing:
        reply = row["reply"].replace("\n", " / ")
        lines += [
            f"- {row['id']} turn {row['turn']} [{row['category']}] {', '.join(row['failures'])}",
            f"    Q: {row['question']}",
            f"    expected: {_expected(row['expect'])}",
            f"    reply ({row['words']} words): {reply}",
        ]
    return "\n".join(lines)


def markdown_table(summary: dict) -> list[str]:
    """Return the per-category score as markdown lines (for README and the benchmark report)."""
    lines = [f"## Answer score, question bank ({summary.get('split', '?')} split)", "",
             "| category | score | passed |", "|---|---|---|"]  # fmt: skip
    for name, row in summary["per_category"].items():
        lines.append(f"| {name} | {row['score']:.2f} | {row['passed']}/{row['questions']} |")
    lines.append(f"| **overall** | **{summary['overall']:.2f}** | "
                 f"{summary['passed']}/{summary['questions']} |")  # fmt: skip
    kinds = ", ".join(f"{k} {v}" for k, v in summary["failure_kinds"].items())
    return lines + ["", f"Failure kinds: {kinds}."]


def main() -> None:
    """Command line: run a split through the real stack and print the score."""
    from bench.answers_runner import main as run_main

    run_main()


if __name__ == "__main__":
    main()

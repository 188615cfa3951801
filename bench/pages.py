"""Fact precision and recall of the knowledge builder on unseen programme pages.

Each case is a folder eval/pages/<split>/<id>/ holding one page (page.html|pdf|txt|md) and its
answer key (key.yml). The page is built exactly as staff would add it, alone, and every key fact
must come out under its topic, quoting the key's words, with the key's parsed values.

Each page is also answered end to end: one question per key topic goes through the action
layer (bench/pages_answers.py), and the reply must quote the key (or say the page is silent).

python -m bench.pages --split dev           # score the dev pages, one line per miss
python -m bench.pages --split test --json   # the figures only
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click
import yaml
from sqlite_utils import Database

from bench.pages_answers import answer_checks
from knowledge.build import build
from knowledge.errors import BuildError
from knowledge.query import KnowledgeBase
from knowledge.topics import TOPICS

EVAL_PAGES = Path(__file__).resolve().parent.parent / "eval" / "pages"
# The shared vocabulary names one topic differently from the knowledge base.
TOPIC_ALIASES = {"admission_process": "admission"}


@dataclass(frozen=True)
class PageCase:
    """One unseen page and its answer key."""

    id: str
    page: Path
    key: dict


def load_cases(split: str, root: Path = EVAL_PAGES) -> list[PageCase]:
    """Return the cases of a split, in folder order."""
    cases = []
    for folder in sorted(path for path in (root / split).glob("*") if path.is_dir()):
        pages = [path for path in folder.glob("page.*") if not path.name.endswith(".txt.txt")]
        key_path = folder / "key.yml"
        if not pages or not key_path.is_file():
            continue
        key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
        cases.append(PageCase(key.get("id") or folder.name, sorted(pages)[0], key))
    return cases


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _topic(name: str) -> str:
    return TOPIC_ALIASES.get(name, name)


def build_case(case: PageCase, workdir: Path) -> KnowledgeBase:
    """Build a knowledge base holding only this page, as `advisor kb add` + `make kb` would."""
    sources = workdir / case.id / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    source = f"{case.id}{case.page.suffix}"
    shutil.copy(case.page, sources / source)
    name = case.key.get("name") or case.id
    entry = {"id": case.id, "name": name, "short_name": name, "page_name": f"{name} page"}
    registry = workdir / case.id / "programmes.yml"
    registry.write_text(
        yaml.safe_dump({"programmes": [{**entry, "source": source}]}, allow_unicode=True),
        encoding="utf-8",
    )
    db = Database(memory=True)
    build(db, sources_dir=sources, registry_path=registry, overrides_path=None)
    return KnowledgeBase(db)


def _amounts(fact) -> list[tuple[float, str, str | None]]:
    if fact.amounts:
        return [tuple(item) for item in json.loads(fact.amounts)]
    return [(fact.amount, fact.currency, fact.period)] if fact.amount is not None else []


def _amount_problem(wanted: dict, amounts: list[tuple[float, str, str | None]]) -> str | None:
    """Return how the amounts read from a fact miss the key's: none is right, or
    "amount_unread" (no amount read: the quote is shown without one), "period" (the right
    amount, another period) or "amount" (a different amount or currency: a wrong fee)."""
    right = [
        period
        for amount, currency, period in amounts
        if amount == float(wanted["amount"]) and currency == wanted.get("currency", currency)
    ]
    if right and ("period" not in wanted or wanted["period"] in right):
        return None
    if right:
        return "period"
    return "amount" if amounts else "amount_unread"


def _value_problems(wanted: dict, fact) -> list[str]:
    """Return which of the key's parsed values this fact gets wrong (empty: all right)."""
    problems = []
    if "amount" in wanted:
        problem = _amount_problem(wanted, _amounts(fact))
        if problem:
            problems.append(problem)
    if "dates" in wanted:
        found = set((fact.dates or "").split(",")) | {fact.date_start, fact.date_end}
        if not set(wanted["dates"]) <= found:
            problems.append("dates")
    if "count" in wanted and fact.count != wanted["count"]:
        problems.append("count")
    if "levels" in wanted:
        levels = {level.strip() for level in (fact.levels or "").split(";")}
        if not set(wanted["levels"]) <= levels:
            problems.append("levels")
    return problems


def _empty_page(page_id: str, *, key_facts: int) -> dict:
    """Return a page's scores before any fact is looked at."""
    return {
        "id": page_id, "key_facts": key_facts, "found": 0, "misses": [], "wrong_amounts": 0,
        "unread_amounts": 0, "wrong_dates": 0, "wrong_other": 0, "false_not_stated": [],
        "false_stated": [], "checked_facts": 0, "correct_facts": 0, "extra": [],
    }  # fmt: skip


def score_case(case: PageCase, kb: KnowledgeBase) -> dict:
    """Return hits, misses, wrong values, false "not stated" and precision counts for one page."""
    facts = {topic: kb.facts(case.id, topic) for topic in TOPICS}
    stated = {topic: [fact for fact in items if fact.stated] for topic, items in facts.items()}
    result = _empty_page(case.id, key_facts=0)
    key_topics: set[str] = set()
    quotes_by_topic: dict[str, list[str]] = {}
    for wanted in case.key.get("facts") or []:
        topic = _topic(wanted["topic"])
        key_topics.add(topic)
        needle = _squash(wanted["quote_contains"])
        quotes_by_topic.setdefault(topic, []).append(needle)
        result["key_facts"] += 1
        candidates = [fact for fact in stated.get(topic, []) if needle in _squash(fact.quote)]
        if not candidates:
            result["misses"].append(f"{topic}: {wanted['quote_contains']!r} not found")
            continue
        problems = [_value_problems(wanted, fact) for fact in candidates]
        best = min(problems, key=len)
        if not best:
            result["found"] += 1
            continue
        for problem in best:
            name = {
                "amount": "wrong_amounts", "amount_unread": "unread_amounts", "dates": "wrong_dates"
            }.get(problem, "wrong_other")  # fmt: skip
            result[name] += 1
        result["misses"].append(f"{topic}: {wanted['quote_contains']!r} wrong {', '.join(best)}")
    for topic in sorted(key_topics):
        if not stated.get(topic):
            result["false_not_stated"].append(topic)
    silent = {_topic(topic) for topic in case.key.get("not_stated") or []}
    for topic in sorted(silent):
        if stated.get(topic):
            result["false_stated"].append(f"{topic}: {stated[topic][0].quote[:80]!r}")
    for topic in sorted(key_topics | silent):
        for fact in stated.get(topic, []):
            if fact.method != "extracted":
                continue
            result["checked_facts"] += 1
            quote = _squash(fact.quote)
            if any(needle in quote for needle in quotes_by_topic.get(topic, [])):
                result["correct_facts"] += 1
            else:
                result["extra"].append(f"{topic}: {fact.quote[:80]!r}")
    return result


def score_split(split: str, root: Path = EVAL_PAGES, *, answers: bool = True) -> dict:
    """Build and score every page of a split; a page that fails to build scores zero."""
    cases = load_cases(split, root)
    pages = []
    with tempfile.TemporaryDirectory(prefix="advisor-pages-") as scratch:
        for case in cases:
            try:
                kb = build_case(case, Path(scratch))
            except BuildError as error:
                facts = len(case.key.get("facts") or [])
                page = _empty_page(case.id, key_facts=facts)
                page.update(build_error=str(error), e2e={"asked": 0, "passed": 0, "failures": []})
                pages.append(page)
                continue
            page = score_case(case, kb)
            if answers:
                page["e2e"] = answer_checks(case.key, case.id, kb, _topic)
            pages.append(page)
    total = sum(page["key_facts"] for page in pages)
    checked = sum(page["checked_facts"] for page in pages)
    asked = sum(page.get("e2e", {}).get("asked", 0) for page in pages)
    passed = sum(page.get("e2e", {}).get("passed", 0) for page in pages)
    return {
        "split": split,
        "pages": len(pages),
        "key_facts": total,
        "recall": round(sum(page["found"] for page in pages) / total, 3) if total else None,
        "precision": (
            round(sum(page["correct_facts"] for page in pages) / checked, 3) if checked else None
        ),
        "wrong_amounts": sum(page["wrong_amounts"] for page in pages),
        "unread_amounts": sum(page["unread_amounts"] for page in pages),
        "wrong_dates": sum(page["wrong_dates"] for page in pages),
        "wrong_other_values": sum(page["wrong_other"] for page in pages),
        "false_not_stated": sum(len(page["false_not_stated"]) for page in pages),
        "false_stated": sum(len(page["false_stated"]) for page in pages),
        "build_errors": sum(1 for page in pages if "build_error" in page),
        "answers_asked": asked,
        "answers_passed": round(passed / asked, 3) if asked else None,
        "by_page": pages,
    }


def summary_line(scores: dict) -> str:
    """Return the one-line summary of a split's scores."""
    return (
        f"{scores['split']}: {scores['pages']} pages, {scores['key_facts']} key facts, "
        f"recall {scores['recall']}, precision {scores['precision']}, "
        f"wrong amounts {scores['wrong_amounts']}, "
        f"amounts not read {scores['unread_amounts']}, wrong dates {scores['wrong_dates']}, "
        f"false not-stated {scores['false_not_stated']}, false stated {scores['false_stated']}, "
        f"build errors {scores['build_errors']}, "
        f"end-to-end answers {scores['answers_passed']} of {scores['answers_asked']} asked"
    )


@click.command(help=__doc__.splitlines()[0] + "\n\nExample: python -m bench.pages --split dev")
@click.option(
    "--split", default="dev", show_default=True, help="dev or test (a folder under eval/pages)"
)
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
@click.option("--no-answers", is_flag=True, help="skip the end-to-end answers (facts only)")
def main(split: str, as_json: bool, no_answers: bool) -> None:
    """Score a split and print the figures (and each miss unless --json)."""
    scores = score_split(split, answers=not no_answers)
    if as_json:
        click.echo(json.dumps(scores, indent=2, ensure_ascii=False))
        return
    for page in scores["by_page"]:
        click.echo(f"== {page['id']}: {page['found']}/{page['key_facts']}")
        if page.get("build_error"):
            click.echo(f"  BUILD ERROR {page['build_error']}")
        for miss in page["misses"]:
            click.echo(f"  miss {miss}")
        for topic in page["false_not_stated"]:
            click.echo(f"  false not-stated {topic}")
        for item in page["false_stated"]:
            click.echo(f"  false stated {item}")
        for item in page["extra"]:
            click.echo(f"  extra {item}")
        for item in page.get("e2e", {}).get("failures", []):
            click.echo(f"  answer {item}")
    click.echo(summary_line(scores))


if __name__ == "__main__":
    main()

"""Write the example sentences the builder's topic model learns from, and check how it carries.

Every sentence of every dev page (eval/pages/dev), as the builder cuts it, is labelled with the
topics of the key facts it quotes (a sentence no key fact quotes is a negative example).

python -m bench.topic_examples            # rewrite knowledge/topic_examples.jsonl
python -m bench.topic_examples --check    # leave-pages-out: fit without a page group, score it
python -m bench.topic_examples --builder  # the same for the whole builder (bench.pages figures)
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest import mock

import click

from bench.pages import EVAL_PAGES, _squash, _topic, build_case, load_cases, score_case
from knowledge.build import page_language, read_page
from knowledge.config import load_topic_config
from knowledge.extract import page_sentences
from knowledge.patterns import make_nlp
from knowledge.topic_model import ADD_THRESHOLD, EXAMPLES_PATH, TopicModel


def page_examples(split: str = "dev", root: Path = EVAL_PAGES) -> list[dict]:
    """Return each page's sentences with the topics its key files them under."""
    config = load_topic_config()
    pipelines: dict = {}
    rows = []
    for case in load_cases(split, root):
        page = read_page(case.page)
        language = page_language(page)
        nlp = pipelines.setdefault(language, make_nlp(language))
        wanted = [
            (_topic(fact["topic"]), _squash(fact["quote_contains"]))
            for fact in case.key.get("facts") or []
        ]
        for sentence in page_sentences(page, config=config, nlp=nlp):
            text = _squash(sentence.text)
            topics = sorted({topic for topic, quote in wanted if quote in text})
            rows.append({"page": case.id, "text": sentence.text, "topics": topics})
    return rows


def held_out_scores(rows: list[dict], held: set[str], threshold: float) -> tuple[float, float]:
    """Fit without the held pages and return (precision, recall) of topics on their sentences."""
    model = TopicModel([row for row in rows if row["page"] not in held])
    test = [row for row in rows if row["page"] in held]
    hits = predicted = wanted = 0
    for row, scores in zip(test, model.scores([row["text"] for row in test]), strict=True):
        guess = {topic for topic, score in scores.items() if score >= threshold}
        gold = set(row["topics"])
        hits += len(guess & gold)
        predicted += len(guess)
        wanted += len(gold)
    return hits / max(predicted, 1), hits / max(wanted, 1)


def held_out_builder(rows: list[dict], folds: int) -> dict:
    """Build and score every dev page with a topic model fitted without its fold of pages."""
    cases = load_cases("dev")
    ids = sorted(case.id for case in cases)
    totals = dict.fromkeys(("key", "found", "checked", "correct", "not_stated", "stated"), 0)
    totals.update(wrong_amounts=0, wrong_dates=0)
    with tempfile.TemporaryDirectory(prefix="advisor-topic-cv-") as scratch:
        for fold in range(folds):
            held = set(ids[fold::folds])
            model = TopicModel([row for row in rows if row["page"] not in held])
            with mock.patch("knowledge.extract.topic_model", lambda model=model: model):
                for case in (case for case in cases if case.id in held):
                    page = score_case(case, build_case(case, Path(scratch)))
                    totals["key"] += page["key_facts"]
                    totals["found"] += page["found"]
                    totals["checked"] += page["checked_facts"]
                    totals["correct"] += page["correct_facts"]
                    totals["not_stated"] += len(page["false_not_stated"])
                    totals["stated"] += len(page["false_stated"])
                    totals["wrong_amounts"] += page["wrong_amounts"]
                    totals["wrong_dates"] += page["wrong_dates"]
    return totals


@click.command(help=__doc__.splitlines()[0])
@click.option("--check", is_flag=True, help="leave-pages-out figures instead of writing the file")
@click.option("--builder", is_flag=True, help="leave-pages-out bench.pages figures of the builder")
@click.option("--folds", default=5, show_default=True, help="page groups for --check")
def main(check: bool, builder: bool, folds: int) -> None:
    """Write the examples, or print leave-pages-out precision and recall."""
    rows = page_examples()
    if builder:
        totals = held_out_builder(rows, folds)
        click.echo(
            f"dev, leave-pages-out ({folds} folds): recall "
            f"{totals['found'] / max(totals['key'], 1):.3f}, precision "
            f"{totals['correct'] / max(totals['checked'], 1):.3f}, false not-stated "
            f"{totals['not_stated']}, false stated {totals['stated']}, wrong amounts "
            f"{totals['wrong_amounts']}, wrong dates {totals['wrong_dates']}"
        )
        return
    if not check:
        with EXAMPLES_PATH.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(
                    json.dumps({"text": row["text"], "topics": row["topics"]}, ensure_ascii=False)
                    + "\n"
                )
        click.echo(f"{len(rows)} sentences from {len({row['page'] for row in rows})} pages")
        return
    pages = sorted({row["page"] for row in rows})
    for fold in range(folds):
        held = set(pages[fold::folds])
        precision, recall = held_out_scores(rows, held, ADD_THRESHOLD)
        click.echo(
            f"fold {fold}: {len(held)} pages, precision {precision:.3f}, recall {recall:.3f}"
        )


if __name__ == "__main__":
    main()

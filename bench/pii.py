"""Recall and precision of the transcripts' personal-data masking on eval/pii, per kind.

Usage: python -m bench.pii [dev|test|FILE] [--misses]

"test" is every eval/pii/test*.yml together (the first set and the later rounds); a file's name
(test.yml, test_round2.yml; the .yml may be left out but for test.yml) scores that file alone.
Dev is only ever dev.yml.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
import yaml

from bot.transcripts.pii import KINDS, Span, find_spans
from settings import PROJECT_ROOT

PII_DIR = PROJECT_ROOT / "eval" / "pii"


def split_files(split: str, directory: Path = PII_DIR) -> list[Path]:
    """Return the files of a split: dev.yml, every test*.yml for "test", or one file by name."""
    if split == "test":
        return sorted(directory.glob("test*.yml"))
    path = directory / (split if split.endswith(".yml") else f"{split}.yml")
    if not path.is_file():
        raise click.BadParameter(f"no {path.name} in {directory}", param_hint="SPLIT")
    return [path]


def load_cases(split: str, directory: Path = PII_DIR) -> list[dict]:
    """Return the labelled messages of a split, each span with its offsets."""
    cases = []
    for path in split_files(split, directory):
        cases += yaml.safe_load(path.read_text(encoding="utf-8"))
    for case in cases:
        for span in case["spans"]:
            start = case["text"].index(span["text"])
            span["start"], span["end"] = start, start + len(span["text"])
    return cases


def _hidden(text: str, start: int, end: int, found: list[Span]) -> bool:
    """Say whether every letter and digit of text[start:end] is inside a found span."""
    return all(
        any(span.start <= index < span.end for span in found)
        for index in range(start, end)
        if text[index].isalnum()
    )


def score(cases: list[dict]) -> dict:
    """Return per-kind counts and rates, the messages over-masked, and the misses."""
    labelled, found_labels, reported, right = Counter(), Counter(), Counter(), Counter()
    misses: list[tuple[str, str, str]] = []
    false_alarms: list[tuple[str, str, str]] = []
    for case in cases:
        text, spans = case["text"], case["spans"]
        found = find_spans(text)
        for span in spans:
            labelled[span["kind"]] += 1
            if _hidden(text, span["start"], span["end"], found):
                found_labels[span["kind"]] += 1
            else:
                misses.append((case["id"], span["kind"], span["text"]))
        for span in found:
            reported[span.kind] += 1
            if any(span.start < s["end"] and s["start"] < span.end for s in spans):
                right[span.kind] += 1
            else:
                false_alarms.append((case["id"], span.kind, text[span.start : span.end]))
    kinds = {}
    for kind in KINDS:
        kinds[kind] = {
            "labelled": labelled[kind],
            "recall": found_labels[kind] / labelled[kind] if labelled[kind] else None,
            "reported": reported[kind],
            "precision": right[kind] / reported[kind] if reported[kind] else None,
        }
    total_labelled, total_reported = sum(labelled.values()), sum(reported.values())
    return {
        "messages": len(cases),
        "kinds": kinds,
        "recall": sum(found_labels.values()) / total_labelled if total_labelled else None,
        "precision": sum(right.values()) / total_reported if total_reported else None,
        "clean_messages_masked": sum(
            1 for case in cases if not case["spans"] and find_spans(case["text"])
        ),
        "clean_messages": sum(1 for case in cases if not case["spans"]),
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def format_table(result: dict) -> str:
    """Render the per-kind scores as a Markdown table."""
    lines = [
        "| kind | spans | recall | masked as this kind | precision |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, row in result["kinds"].items():
        lines.append(
            f"| {kind} | {row['labelled']} | {_percent(row['recall'])} | {row['reported']} | "
            f"{_percent(row['precision'])} |"
        )
    lines.append(
        f"| **all** | {sum(r['labelled'] for r in result['kinds'].values())} | "
        f"{_percent(result['recall'])} | {sum(r['reported'] for r in result['kinds'].values())} "
        f"| {_percent(result['precision'])} |"
    )
    return "\n".join(lines)


@click.command(
    help="Recall and precision of the personal-data masking on eval/pii, per kind."
    "\n\nExample: python -m bench.pii test  (or: python -m bench.pii dev --misses)"
)
@click.argument("split", default="dev")
@click.option("--misses", is_flag=True, help="also list what was missed and over-masked (dev only)")
def main(split: str, misses: bool) -> None:
    """Print the table for a split (and, on dev, its misses with --misses)."""
    if misses and split != "dev":
        raise click.UsageError("--misses lists messages: only on dev, test sets stay unread")
    names = ", ".join(f"eval/pii/{path.name}" for path in split_files(split))
    result = score(load_cases(split))
    out = [f"PII masking on {names} ({result['messages']} messages)", ""]
    out.append(format_table(result))
    out.append(
        f"\nPlain questions with something masked: {result['clean_messages_masked']} of "
        f"{result['clean_messages']}"
    )
    if misses:
        out += ["", "Missed:"] + [f"  {m}" for m in result["misses"]]
        out += ["", "Masked but not personal:"] + [f"  {m}" for m in result["false_alarms"]]
    click.echo("\n".join(out))


if __name__ == "__main__":
    main()

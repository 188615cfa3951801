"""Printing an answer score: the human report and the markdown table (README, bench/report.py)."""

from __future__ import annotations

from bench.answer_bank import EXPECT_KINDS, MODIFIERS


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

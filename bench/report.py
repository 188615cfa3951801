"""Render results.json as a readable markdown report."""

from __future__ import annotations

from bench.stats import median_of
from bench.targets import REFERENCE

MISSING = "—"
QUALITY_ROWS = (
    ("intent accuracy (held-out)", "intent_accuracy"),
    ("intent macro-F1", "macro_f1"),
    ("programme entity F1", "entity_f1"),
    ("OOS recall (held-out CLINC)", "oos_recall"),
    ("in-scope accuracy at threshold", "in_scope_accuracy"),
    ("fallback threshold / ambiguity", None),
)


def number(value: object, digits: int = 1) -> str:
    """Format a number, a summary's median (with min–max) or a missing value."""
    if isinstance(value, dict) and "median" in value:
        if len(value.get("runs", [])) > 1:
            return (
                f"{value['median']:.{digits}f} ({value['min']:.{digits}f}–"
                f"{value['max']:.{digits}f})"
            )
        return f"{value['median']:.{digits}f}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.{digits}f}"
    return MISSING


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _quality_section(results: dict) -> list[str]:
    baselines = results.get("baseline") or {}
    columns = [
        ("ours (config.yml)", results.get("nlu")),
        ("TF-IDF + LogReg", baselines.get("tfidf_logreg")),
        ("Rasa default", baselines.get("rasa_default")),
    ]
    rows = []
    for label, key in QUALITY_ROWS:
        row = [label]
        for _, data in columns:
            if not data:
                row.append(MISSING)
            elif key is None:
                row.append(f"{data.get('threshold')} / {data.get('ambiguity_threshold')}")
            else:
                row.append(number(data.get(key), 3))
        rows.append(row)
    train = ["NLU train s", MISSING, number((columns[1][1] or {}).get("train_and_eval_s"))]
    train.append(number((columns[2][1] or {}).get("train_s")))
    rows.append(train)
    return ["## NLU quality (data never trained on)", ""] + _table(
        ["measure"] + [name for name, _ in columns], rows
    )


def _serving_section(results: dict) -> list[str]:
    latency = results.get("latency_ms") or {}
    throughput = results.get("throughput_msgs_s") or {}
    runs = results.get("serving_runs") or {}
    rows = [
        [
            students,
            number(latency[students].get("p50")),
            number(latency[students].get("p95")),
            number(latency[students].get("p99")),
            number(throughput.get(students)),
            str((runs.get(students) or {}).get("messages_per_run", MISSING)),
            str((runs.get(students) or {}).get("failures", MISSING)),
        ]
        for students in sorted(latency, key=int)
    ]
    header = ["students", "p50 ms", "p95 ms", "p99 ms", "msgs/s", "msgs/run", "failures"]
    lines = ["## REST serving (five-turn conversations, custom actions)", ""]
    lines += _table(header, rows)
    sample = results.get("sample_conversation") or []
    if sample:
        lines += ["", "What the simulated student hears (first reply of each turn):", ""]
        lines += [
            f"- {turn['message']} → {_shorten((turn['replies'] or [MISSING])[0])}"
            for turn in sample
        ]
    return lines


def _shorten(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _costs_section(results: dict) -> list[str]:
    parse = results.get("nlu_parse_ms") or {}
    rss = results.get("rss_mb") or {}
    kb = results.get("kb_build_s") or {}
    report = results.get("transcripts_report_s") or {}
    reference_answer = f"~{REFERENCE['answer_ms']:.0f} ms/answer"
    rows = [
        ["ready: start to first answered message (s)", number(results.get("ready_s")),
         f"~{REFERENCE['ready_s']:.0f} s"],
        ["training from clean (s)", number(results.get("train_s")),
         f"~{REFERENCE['train_s']:.0f} s (2.5 min)"],
        ["REST p50 at 1 student (ms)", number((results.get("latency_ms") or {}).get("1", {})
                                              .get("p50")), reference_answer],
        ["NLU parse p50 / p95 (ms)", f"{number(parse.get('p50'), 2)} / "
                                     f"{number(parse.get('p95'), 2)}", MISSING],
        ["Rasa server RSS (MB)", number(rss.get("rasa"), 0), f"~{REFERENCE['rss_mb']:.0f} MB"],
        ["action server RSS (MB)", number(rss.get("actions"), 0), MISSING],
    ]  # fmt: skip
    rows += [[f"KB build, {name.replace('_', ' ')} (s)", number(v, 2), MISSING]
             for name, v in kb.items()]  # fmt: skip
    count = report.get("conversations", MISSING)
    rows += [
        [f"transcripts report, {count} conversations, cold (s)", number(report.get("cold"), 2),
         MISSING],
        [f"transcripts report, {count} conversations, warm (s)", number(report.get("warm"), 2),
         MISSING],
    ]  # fmt: skip
    header = ["measure", "ours: median (min–max)", "reference: `rasa init` bot"]
    return ["## Start-up, training, memory, batch jobs", ""] + _table(header, rows)


def _targets_section(results: dict) -> list[str]:
    rows = [
        [t["name"], t["target"], number(t["value"], 3 if (t["value"] or 0) < 2 else 1),
         "yes" if t["met"] else ("no" if t["value"] is not None else "not measured")]
        for t in results.get("targets") or []
    ]  # fmt: skip
    return ["## Targets", ""] + _table(["target", "bound", "measured (median)", "met"], rows)


def _answers_section(results: dict) -> list[str]:
    from bench.answers import markdown_table

    return markdown_table(results["answers"]) if results.get("answers") else []


def render_report(results: dict) -> str:
    """Return the markdown report of a results dict (missing sections show as —)."""
    machine = results.get("machine") or {}
    head = [
        "# Programme Advisor benchmark",
        "",
        f"{machine.get('date', MISSING)} · {machine.get('cores', MISSING)} cores · "
        f"{number(machine.get('memory_mb'), 0)} MB · {machine.get('cpu_model', MISSING)} · "
        f"Python {machine.get('python', MISSING)} · Rasa {machine.get('rasa', MISSING)}"
        + (" · **--quick (tiny configuration; not comparable)**" if results.get("quick") else ""),
        "",
        "Timings are the median of the runs, with (min–max) when there was more than one run.",
        "",
    ]
    sections = [
        _quality_section,
        _answers_section,
        _serving_section,
        _costs_section,
        _targets_section,
    ]
    body = [line for section in sections for line in [*section(results), ""]]
    notes = results.get("notes") or []
    tail = ["## Notes", ""] + [f"- {note}" for note in notes] if notes else []
    return "\n".join(head + body + tail).rstrip() + "\n"


def met_count(results: dict) -> tuple[int, int]:
    """Return (targets met, targets measured)."""
    targets = results.get("targets") or []
    measured = [t for t in targets if median_of(t.get("value")) is not None]
    return sum(t["met"] for t in measured), len(measured)

"""Render results.json as a readable markdown report."""

from __future__ import annotations

from bench.stats import median_of
from bench.targets import REFERENCE

MISSING = "—"
QUALITY_COLUMNS = (
    ("ours, as served", ("nlu",), False),
    ("ours, dev-tuned", ("nlu", "at_tuned_threshold"), True),
    ("TF-IDF + LogReg, dev-tuned", ("baseline", "tfidf_logreg"), False),
    ("Rasa default, dev-tuned", ("baseline", "rasa_default"), False),
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


def _dig(results: dict, keys: tuple[str, ...]) -> dict | None:
    value: object = results
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) and value else None


def _ci(value: object) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f" [{value[0]:.3f}–{value[1]:.3f}]"
    return ""


def _dev_test(data: dict, key: str, digits: int = 3) -> str:
    dev = (data.get("dev") or {}).get(key)
    test = (data.get("test") or {}).get(key, data.get(key))
    return f"{number(dev, digits)} / {number(test, digits)}"


def _both(key: str):
    """Return a cell writer: 'dev / test' for a full result, the test figure for a headline."""
    return lambda d, h: number(d.get(key), 3) if h else _dev_test(d, key)


def _quality_section(results: dict) -> list[str]:
    columns = [(name, _dig(results, keys), headline) for name, keys, headline in QUALITY_COLUMNS]
    measures = (
        ("fallback threshold / ambiguity", lambda d, h: f"{d.get('threshold')} / "
                                                       f"{d.get('ambiguity_threshold')}"),
        ("intent accuracy, fallback applied: dev / **test**", _both("intent_accuracy")),
        ("intent macro-F1: dev / **test**", _both("macro_f1")),
        ("in-scope accuracy (test)", lambda d, h: number(d.get("in_scope_accuracy"), 3)),
        ("programme entity F1 (test)", lambda d, h: number(d.get("entity_f1"), 3)),
        ("OOS recall, CLINC: dev / **test** [95 % CI]",
         lambda d, h: number(d.get("oos_recall"), 3) if h else _dev_test(d, "oos_recall")
         + _ci((d.get("test") or {}).get("oos_recall_ci95"))),
        ("OOS recall, unseen CLINC intents only [95 % CI]",
         lambda d, h: number(d.get("oos_recall_unseen_labels"), 3)
         + _ci(d.get("oos_recall_unseen_labels_ci95"))),
    )  # fmt: skip
    rows = []
    for label, cell in measures:
        rows.append([label] + [cell(data, headline) if data else MISSING
                               for _, data, headline in columns])  # fmt: skip
    baselines = results.get("baseline") or {}
    rows.append(["NLU train s", MISSING, MISSING,
                 number((baselines.get("tfidf_logreg") or {}).get("train_and_eval_s")),
                 number((baselines.get("rasa_default") or {}).get("train_s"))])  # fmt: skip
    nlu = results.get("nlu") or {}
    sizes = (nlu.get("dev") or {}).get("examples"), (nlu.get("test") or {}).get("examples")
    clinc = (nlu.get("dev") or {}).get("clinc_examples"), nlu.get("unseen_label_examples")
    intro = [
        "## NLU quality",
        "",
        "Sets: eval/README.md. **test** was touched only to report; dev chose everything. "
        f"NLU dev / test: {sizes[0]} / {sizes[1]} examples; CLINC dev: {clinc[0]}, CLINC test "
        f"{(nlu.get('test') or {}).get('clinc_examples')} ({clinc[1]} from intents with no "
        "sentence in train or dev). Every pipeline's threshold is chosen on dev by one rule "
        "(maximise the mean of dev accuracy and dev CLINC recall); 'as served' is config.yml's.",
        "",
    ]
    return intro + _table(["measure"] + [name for name, _, _ in columns], rows)


def _per_intent_section(results: dict) -> list[str]:
    test = ((results.get("nlu") or {}).get("test") or {}).get("per_intent") or {}
    dev = ((results.get("nlu") or {}).get("dev") or {}).get("per_intent") or {}
    if not test:
        return []
    rows = [
        [intent, number((dev.get(intent) or {}).get("f1"), 2), number(scores["f1"], 2),
         str(scores["support"])]
        for intent, scores in sorted(test.items())
    ]  # fmt: skip
    return ["## Per intent (ours, as served)", ""] + _table(
        ["intent", "F1 dev", "F1 test", "test examples"], rows
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


def _references_section(results: dict) -> list[str]:
    """Ours beside the stock bot and the baseline commit, measured in the same run."""
    bots = [("ours", results), ("stock `rasa init` bot", results.get("stock_bot") or {}),
            ("baseline commit", results.get("baseline_commit") or {})]  # fmt: skip
    levels = sorted(results.get("latency_ms") or {}, key=int)
    if not levels or not any(bot for _, bot in bots[1:]):
        return []
    rows = []
    for students in levels:
        row = [students]
        for _, bot in bots:
            latency = (bot.get("latency_ms") or {}).get(students) or {}
            throughput = (bot.get("throughput_msgs_s") or {}).get(students)
            row.append(f"{number(latency.get('p50'))} / {number(latency.get('p99'))} / "
                       f"{number(throughput)}")  # fmt: skip
        rows.append(row)
    rows.append(["ready (s)"] + [number(bot.get("ready_s")) for _, bot in bots])
    sha = (results.get("baseline_commit") or {}).get("sha", MISSING)
    return [
        "## Same load, same run: ours, the stock bot and the baseline commit",
        "",
        f"p50 ms / p99 ms / msgs/s. Baseline commit: `{str(sha)[:12]}` (bench/baseline.txt).",
        "",
    ] + _table(["students"] + [name for name, _ in bots], rows)


def _shorten(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _rasa_rss_label(rss: dict) -> str:
    count = rss.get("rasa_processes", 1)
    return "Rasa server RSS (MB)" if count == 1 else f"{count} Rasa processes' RSS together (MB)"


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
        [_rasa_rss_label(rss), number(rss.get("rasa"), 0), f"~{REFERENCE['rss_mb']:.0f} MB"],
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
    from bench.answer_report import markdown_table

    return markdown_table(results["answers"]) if results.get("answers") else []


def _felt_section(results: dict) -> list[str]:
    from bench.felt_report import felt_section

    return felt_section(results)


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
        _per_intent_section,
        _answers_section,
        _serving_section,
        _felt_section,
        _costs_section,
        _targets_section,
    ]
    body = [line for section in sections for line in [*section(results), ""] if section(results)]
    notes = results.get("notes") or []
    tail = ["## Notes", ""] + [f"- {note}" for note in notes] if notes else []
    return "\n".join(head + body + tail).rstrip() + "\n"


def met_count(results: dict) -> tuple[int, int]:
    """Return (targets met, targets measured)."""
    targets = results.get("targets") or []
    measured = [t for t in targets if median_of(t.get("value")) is not None]
    return sum(t["met"] for t in measured), len(measured)

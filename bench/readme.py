"""Write the benchmark figures into README.md and docs/nlu-pipeline.md from bench/results.json.

The figures in those two documents live between markers and are generated, never typed:

    python -m bench.readme           # rewrite both blocks from bench/results.json
    python -m bench.readme --check   # exit 1 when a block differs from what results.json gives

`make bench` runs it after a run; tests/bench/test_readme_block.py checks the blocks.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from bench.report import MISSING, number
from bench.stats import median_of
from bench.targets import NLU_FLOORS
from settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results.json"
README = PROJECT_ROOT / "README.md"
NLU_DOC = PROJECT_ROOT / "docs" / "nlu-pipeline.md"
README_MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
NLU_MARKERS = ("<!-- nlu:start -->", "<!-- nlu:end -->")


def _get(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _ci(value: object) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f" (95 % CI {value[0]:.3f}–{value[1]:.3f})"
    return ""


def _ratio(ours: object, reference: object) -> str:
    ours, reference = median_of(ours), median_of(reference)
    if not ours or not reference:
        return ""
    return f" (×{ours / reference:.2f})"


def _run_line(results: dict) -> str:
    machine = results.get("machine") or {}
    kind = (
        "**quick run (`--quick`): tiny sizes, not comparable**"
        if results.get("quick")
        else ("full run (`make bench`)")
    )
    return (
        f"Figures from `bench/results.json`: {kind}, {machine.get('date', MISSING)[:10]}, "
        f"{machine.get('cores', MISSING)} cores ({machine.get('cpu_model', MISSING)})."
    )


def _quality_rows(results: dict) -> list[list[str]]:
    nlu = results.get("nlu") or {}
    tfidf = _get(results, "baseline", "tfidf_logreg") or {}
    default = _get(results, "baseline", "rasa_default") or {}

    def others(key: str) -> str:
        parts = [f"TF-IDF {number(tfidf.get(key), 3)}"]
        if default:
            parts.append(f"Rasa default {number(default.get(key), 3)}")
        return "; ".join(parts) + " (each at its dev-tuned threshold)"

    test = nlu.get("test") or {}
    dev = nlu.get("dev") or {}
    return [
        [f"intent accuracy, fallback applied (NLU test, {test.get('examples', MISSING)})",
         number(nlu.get("intent_accuracy"), 3) + _ci(test.get("intent_accuracy_ci95")),
         others("intent_accuracy")],
        ["the same on NLU dev (tuned on)", number(dev.get("intent_accuracy"), 3), MISSING],
        ["intent macro-F1 (NLU test)", number(nlu.get("macro_f1"), 3), others("macro_f1")],
        [f"out-of-scope recall (CLINC test, {test.get('clinc_examples', MISSING)})",
         number(nlu.get("oos_recall"), 3) + _ci(test.get("oos_recall_ci95")),
         others("oos_recall")],
        [f"… on CLINC intents never trained on ({nlu.get('unseen_label_examples', MISSING)})",
         number(nlu.get("oos_recall_unseen_labels"), 3)
         + _ci(nlu.get("oos_recall_unseen_labels_ci95")), MISSING],
    ]  # fmt: skip


def _speed_rows(results: dict) -> list[list[str]]:
    latency = results.get("latency_ms") or {}
    throughput = results.get("throughput_msgs_s") or {}
    stock = results.get("stock_bot") or {}
    stock_latency = stock.get("latency_ms") or {}
    stock_throughput = stock.get("throughput_msgs_s") or {}
    rows = []
    for students in sorted(latency, key=int):
        ours = latency[students]
        ref = stock_latency.get(students) or {}
        reference = (
            f"stock bot {number(ref.get('p50'))} / {number(ref.get('p99'))} ms" if ref else MISSING
        )
        rows.append([
            f"REST p50 / p99, {students} student(s)",
            f"{number(ours.get('p50'))} / {number(ours.get('p99'))} ms"
            + _ratio(ours.get("p50"), ref.get("p50")),
            reference,
        ])  # fmt: skip
    for students in sorted(throughput, key=int):
        ref = stock_throughput.get(students)
        rows.append([
            f"throughput, {students} student(s)",
            f"{number(throughput[students])} msgs/s" + _ratio(throughput[students], ref),
            f"stock bot {number(ref)} msgs/s" if ref else MISSING,
        ])  # fmt: skip
    for label, key, unit in (("ready (start to first answer)", "ready_s", "s"),
                             ("training from clean", "train_s", "s")):  # fmt: skip
        ref = stock.get(key)
        rows.append([label, f"{number(results.get(key))} {unit}" + _ratio(results.get(key), ref),
                     f"stock bot {number(ref)} {unit}" if ref else MISSING])  # fmt: skip
    rss = results.get("rss_mb") or {}
    ref_rss = (stock.get("rss_mb") or {}).get("rasa")
    count = rss.get("rasa_processes", 1)
    rasa_label = "Rasa server" if count == 1 else f"{count} Rasa processes together"
    rows.append([f"{rasa_label} / action server RSS",
                 f"{number(rss.get('rasa'), 0)} / {number(rss.get('actions'), 0)} MB",
                 f"stock bot Rasa {number(ref_rss, 0)} MB" if ref_rss else MISSING])  # fmt: skip
    return rows


def _targets_rows(results: dict) -> list[list[str]]:
    rows = []
    for target in results.get("targets") or []:
        rows.append([target["name"], target["target"],
                     number(target["value"], 3 if (target["value"] or 0) < 2 else 1),
                     "yes" if target["met"] else
                     ("**no**" if target["value"] is not None else "not measured")])  # fmt: skip
    return rows


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def floors_table() -> list[str]:
    """Return the NLU targets beside the floors `make test` enforces, with the reasons."""
    rows = [
        [name.replace("_", " "), f"{floor.target:.2f}", f"{floor.value:.2f}",
         floor.reason or "floor = target"]
        for name, floor in NLU_FLOORS.items()
    ]  # fmt: skip
    return _table(["NLU measure (test set)", "target", "`make test` floor", "why"], rows)


def readme_block(results: dict) -> str:
    """Return the README's generated benchmark block (without the markers)."""
    lines = [_run_line(results), ""]
    lines += _table(["measure", "advisor", "references (same run)"], _quality_rows(results))
    lines += [""]
    lines += _table(["speed", "advisor (× stock bot)", "stock `rasa init` bot, same load"],
                    _speed_rows(results))  # fmt: skip
    lines += ["", "Targets:", ""]
    lines += _table(["target", "bound", "measured", "met"], _targets_rows(results))
    lines += ["", "Floors in `make test` (tests/rasa/test_nlu_quality.py):", ""]
    lines += floors_table()
    return "\n".join(lines)


def nlu_block(results: dict) -> str:
    """Return docs/nlu-pipeline.md's generated dev / test table (without the markers)."""
    from bench.report import _per_intent_section, _quality_section

    lines = [_run_line(results), ""]
    lines += _quality_section(results)[2:]
    per_intent = _per_intent_section(results)
    if per_intent:
        lines += ["", *per_intent[2:]]
    return "\n".join(lines)


def replace_block(text: str, markers: tuple[str, str], block: str) -> str:
    """Return text with the part between the markers replaced by block."""
    start, end = markers
    if start not in text or end not in text:
        raise ValueError(f"markers {start} … {end} not found")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{block}\n{end}{tail}"


def expected_documents(results: dict) -> dict[Path, str]:
    """Return README.md and docs/nlu-pipeline.md as results.json says they should read."""
    return {
        README: replace_block(
            README.read_text(encoding="utf-8"), README_MARKERS, readme_block(results)
        ),
        NLU_DOC: replace_block(
            NLU_DOC.read_text(encoding="utf-8"), NLU_MARKERS, nlu_block(results)
        ),
    }


def refresh_documents(results_path: Path = RESULTS, *, check: bool = False) -> list[Path]:
    """Rewrite (or with check, only compare) the generated blocks; return the stale files."""
    results = json.loads(results_path.read_text(encoding="utf-8"))
    stale = []
    for path, text in expected_documents(results).items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return stale


@click.command(help=__doc__.splitlines()[0] + "\n\nExample: python -m bench.readme --check")
@click.option("--check", is_flag=True, help="only compare, exit 1 on a change")
@click.option(
    "--results", type=click.Path(exists=True, path_type=Path), default=RESULTS, show_default=True
)
def main(check: bool, results: Path) -> None:
    """Regenerate the README and NLU doc blocks from results.json."""
    stale = refresh_documents(results, check=check)
    verb = "differs from" if check else "rewritten from"
    for path in stale:
        click.echo(f"{path.relative_to(PROJECT_ROOT)} {verb} {results.name}")
    raise SystemExit(1 if stale and check else 0)


if __name__ == "__main__":
    main()

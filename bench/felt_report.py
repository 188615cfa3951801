"""The felt-latency section of bench/report.md: ours beside the references, same run."""

from __future__ import annotations

MISSING = "—"
BOTS = (("ours", "ours"), ("stock `rasa init` bot", "stock_bot"),
        ("baseline commit", "baseline_commit"))  # fmt: skip


def _ms(value: object) -> str:
    return f"{value:.0f}" if isinstance(value, int | float) else MISSING


def _by_length(felt: dict) -> list[str]:
    bots = [(name, (felt.get(key) or {}).get("by_length") or {}) for name, key in BOTS]
    windows = [w["turns"] for w in (bots[0][1].get("windows") or [])]
    if not windows:
        return []
    rows = []
    for position, turns in enumerate(windows):
        cells = []
        for _, measured in bots:
            found = (measured.get("windows") or [])[position : position + 1]
            cells.append(_ms(found[0]["p50"]) if found else MISSING)
        rows.append(f"| {turns} | " + " | ".join(cells) + " |")
    ratio = " | ".join(
        f"{measured['last_over_first']:.2f}" if measured.get("last_over_first") else MISSING
        for _, measured in bots
    )
    return [
        "p50 ms of each window of turns in one long conversation (five questions in a loop):",
        "",
        "| turns | " + " | ".join(name for name, _ in bots) + " |",
        "|---" * (len(bots) + 1) + "|",
        *rows,
        f"| last / first | {ratio} |",
    ]


def _open_loop(felt: dict) -> list[str]:
    bots = [(name, (felt.get(key) or {}).get("open_loop") or {}) for name, key in BOTS]
    rates = list((bots[0][1].get("rates") or {}).keys())
    if not rates:
        return []
    rows = []
    for rate in rates:
        cells = []
        for _, measured in bots:
            result = (measured.get("rates") or {}).get(rate)
            cells.append(
                f"{_ms(result['p50_ms'])} / {_ms(result['p99_ms'])} / {result['failures']}"
                if result else MISSING
            )  # fmt: skip
        rows.append(f"| {rate} | " + " | ".join(cells) + " |")
    highest = " | ".join(
        f"{measured['highest_rate']:g}" if measured.get("highest_rate") else MISSING
        for _, measured in bots
    )
    limit = bots[0][1].get("highest_rate_p99_within_ms", 150)
    return [
        f"Open loop (Poisson arrivals, {bots[0][1].get('duration_s', MISSING)} s per rate): "
        "p50 ms / p99 ms / failures, latency counted from the scheduled arrival:",
        "",
        "| msgs/s offered | " + " | ".join(name for name, _ in bots) + " |",
        "|---" * (len(bots) + 1) + "|",
        *rows,
        f"| highest rate with p99 ≤ {limit:g} ms | {highest} |",
    ]


def felt_section(results: dict) -> list[str]:
    """Return the section's markdown lines (none when the section did not run)."""
    felt = results.get("felt")
    if not felt:
        return []
    lines = ["## What a student feels: long conversations and open-loop load", ""]
    lines += _by_length(felt) + [""] + _open_loop(felt)
    lines += [f"- {note}" for note in felt.get("notes") or []]
    return lines

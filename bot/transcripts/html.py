"""Render the report as one self-contained HTML page; every user text is escaped."""

from __future__ import annotations

import base64
import io
from html import escape

CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
    "text-align:left}img{max-width:100%}"
)


def _plot(draw: object) -> str:
    """Run draw(axes) on a new figure and return it as an <img> with a base64 PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(9, 3.5))
    draw(axes)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    pyplot.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="plot" src="data:image/png;base64,{encoded}">'


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(str(header))}</th>" for header in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _per_day_plot(report: dict) -> str:
    days = [row["day"] for row in report["per_day"]]

    def draw(axes: object) -> None:
        axes.bar(days, [row["messages"] for row in report["per_day"]], label="messages")
        axes.bar(days, [row["conversations"] for row in report["per_day"]], label="conversations")
        axes.legend()
        axes.tick_params(axis="x", labelrotation=90, labelsize=7)

    return _plot(draw)


def _intents_plot(report: dict) -> str:
    totals: dict[str, int] = {}
    for counts in report["intents_by_programme"].values():
        for intent, count in counts.items():
            totals[intent] = totals.get(intent, 0) + count
    top = sorted(totals.items(), key=lambda item: item[1])[-15:]

    def draw(axes: object) -> None:
        axes.barh([name for name, _ in top], [count for _, count in top])
        axes.set_title("Most frequent intents")

    return _plot(draw)


def render_html(report: dict) -> str:
    """Return the report as an HTML page with embedded PNG plots."""
    rates = [
        [flag.replace("_", "-"), report["counts"][flag], f"{rate:.1%}"]
        for flag, rate in report["rates"].items()
    ]
    sections = [
        "<h1>Programme Advisor — transcripts report</h1>",
        f"<p>{report['conversations']} conversations, {report['messages']} messages, "
        f"{report['user_messages']} from users. Low confidence means a top intent score below "
        f"{report['low_confidence_threshold']}.</p>",
        "<h2>Per day</h2>",
        _per_day_plot(report) if report["per_day"] else "",
        _table(
            ["day", "conversations", "messages"],
            [[d["day"], d["conversations"], d["messages"]] for d in report["per_day"]],
        ),
        "<h2>Rates over user messages</h2>",
        _table(["", "count", "rate"], rates),
        "<h2>Intents by programme</h2>",
        _intents_plot(report) if report["intents_by_programme"] else "",
    ]
    for key in ("intents_by_programme", "topics_by_programme"):
        if key == "topics_by_programme":
            sections.append("<h2>Topics by programme</h2>")
        rows = [
            [programme, name, count]
            for programme, counts in report[key].items()
            for name, count in counts.items()
        ]
        sections.append(_table(["programme", key.split("_")[0][:-1], "count"], rows))
    sections += [
        "<h2>Unanswered questions</h2>",
        _table(
            ["count", "question", "similar"],
            [
                [g["count"], g["question"], " | ".join(g["variants"][1:])]
                for g in report["unanswered_questions"]
            ],
        ),
        "<h2>Handoff requests</h2>",
        _table(
            ["time", "conversation", "message"],
            [[h["time"], h["conversation_id"], h["text"]] for h in report["handoff_requests"]],
        ),
    ]
    body = "\n".join(section for section in sections if section)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Transcripts report</title><style>{CSS}</style></head>\n<body>\n{body}\n"
        "</body></html>\n"
    )

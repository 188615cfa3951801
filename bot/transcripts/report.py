"""Compute the analysts' report from the derived tables: volumes, intents, rates, gaps."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from sqlite_utils import Database

from bot.transcripts.masking import mask_text
from bot.transcripts.safety import terminal_safe
from bot.transcripts.turns import LOW_CONFIDENCE_THRESHOLD

logger = logging.getLogger(__name__)

NO_PROGRAMME = "(none)"
# Two unanswered questions whose TF-IDF vectors have at least this cosine are one group.
SIMILARITY_THRESHOLD = 0.5
# Cluster at most this many distinct questions (the most frequent); the rest stay alone.
MAX_CLUSTERED = 2000
# The terminal report lists this many unanswered groups and handoffs; --json has them all.
TEXT_LIMIT = 50


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def group_questions(texts: list[str], *, threshold: float = SIMILARITY_THRESHOLD) -> list[dict]:
    """Group similar questions (TF-IDF cosine, leader clustering), largest group first."""
    counts = Counter(_normalise(text) for text in texts if text and text.strip())
    examples: dict[str, str] = {}
    for text in texts:
        if text and text.strip():
            examples.setdefault(_normalise(text), text.strip())
    distinct = [text for text, _ in counts.most_common()]
    clustered, alone = distinct[:MAX_CLUSTERED], distinct[MAX_CLUSTERED:]
    leaders: dict[int, list[str]] = {}
    if clustered:
        from sklearn.feature_extraction.text import TfidfVectorizer

        try:
            vectors = TfidfVectorizer(stop_words="english").fit_transform(clustered)
            similarity = (vectors @ vectors.T).toarray()
        except ValueError:  # every word is a stop word: nothing to compare
            similarity = None
        for index, text in enumerate(clustered):
            leader = index
            if similarity is not None and leaders:
                known = list(leaders)
                scores = similarity[index, known]
                best = int(scores.argmax())
                if scores[best] >= threshold:
                    leader = known[best]
            leaders.setdefault(leader, []).append(text)
    groups = list(leaders.values()) + [[text] for text in alone]
    result = [
        {
            "question": examples[members[0]],
            "count": sum(counts[member] for member in members),
            "variants": [examples[member] for member in members],
        }
        for members in groups
    ]
    return sorted(result, key=lambda group: (-group["count"], group["question"]))


FLAGS = ("fallback", "out_of_scope", "low_confidence", "unanswered", "handoff")
TURNS_IN_ORDER = (
    "select conversation_id, time, day, user_text, intent, confidence, user_messages, "
    "bot_messages, programme, topic, fallback, out_of_scope, low_confidence, unanswered, "
    "handoff from turns order by timestamp, conversation_id, turn"
)


class _Tally:
    """Counts over the turns, per day, per programme and per flag, read in one pass."""

    def __init__(self, mask: Callable[[str | None], str | None]) -> None:
        self.mask = mask
        self.messages_per_day: Counter[str] = Counter()
        self.intents: dict[str, Counter[str]] = defaultdict(Counter)
        self.topics: dict[str, Counter[str]] = defaultdict(Counter)
        self.totals: Counter[str] = Counter()
        self.unanswered: list[str] = []
        self.handoffs: list[dict] = []

    def add(self, row: dict) -> None:
        """Count one turn."""
        self.messages_per_day[row["day"]] += row["user_messages"] + row["bot_messages"]
        self.totals["messages"] += row["user_messages"] + row["bot_messages"]
        if not row["user_messages"]:
            return
        self.totals["user_messages"] += 1
        for flag in FLAGS:
            self.totals[flag] += row[flag]
        for programme in (row["programme"] or NO_PROGRAMME).split(","):
            self.intents[programme][row["intent"] or "(none)"] += 1
            if row["topic"]:
                self.topics[programme][row["topic"]] += 1
        if row["unanswered"]:
            self.unanswered.append(self.mask(row["user_text"]))
        if row["handoff"]:
            self.handoffs.append(
                {
                    "conversation_id": row["conversation_id"],
                    "time": row["time"],
                    "text": self.mask(row["user_text"]),
                }
            )


def build_report(db: Database, *, masked: bool = True) -> dict:
    """Return the report as plain data (JSON-ready), personal data masked unless told not to."""
    conversations_per_day = Counter(
        row["day"] for row in db.query("select substr(started_at, 1, 10) as day from conversations")
    )
    tally = _Tally(mask_text if masked else (lambda text: text))
    for row in db.query(TURNS_IN_ORDER):
        tally.add(row)
    totals = tally.totals
    days = sorted(set(conversations_per_day) | set(tally.messages_per_day))
    return {
        "conversations": db["conversations"].count if db["conversations"].exists() else 0,
        "messages": totals["messages"],
        "user_messages": totals["user_messages"],
        "per_day": [
            {
                "day": day,
                "conversations": conversations_per_day[day],
                "messages": tally.messages_per_day[day],
            }
            for day in days
        ],
        "intents_by_programme": _sorted_counts(tally.intents),
        "topics_by_programme": _sorted_counts(tally.topics),
        "low_confidence_threshold": LOW_CONFIDENCE_THRESHOLD,
        "counts": {flag: totals[flag] for flag in FLAGS},
        "rates": {flag: _rate(totals[flag], totals["user_messages"]) for flag in FLAGS[:-1]},
        "unanswered_questions": group_questions(tally.unanswered),
        "handoff_requests": tally.handoffs,
    }


def _sorted_counts(table: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
    return {
        programme: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        for programme, counts in sorted(table.items())
    }


def format_report(report: dict) -> str:
    """Render the report as plain text for the terminal."""
    lines = [
        f"Conversations: {report['conversations']}  messages: {report['messages']}  "
        f"user messages: {report['user_messages']}",
        "",
        "Per day (conversations / messages):",
    ]
    lines += [
        f"  {d['day']}  {d['conversations']:>6}  {d['messages']:>7}" for d in report["per_day"]
    ]
    lines += ["", "Rates over user messages:"]
    for flag, rate in report["rates"].items():
        label = flag.replace("_", "-")
        if flag == "low_confidence":
            label += f" (<{report['low_confidence_threshold']})"
        lines.append(f"  {label:<22} {report['counts'][flag]:>6}  {rate:.1%}")
    for title, key in (("Intents", "intents_by_programme"), ("Topics", "topics_by_programme")):
        lines += ["", f"{title} by programme:"]
        for programme, counts in report[key].items():
            shown = ", ".join(f"{name} {count}" for name, count in counts.items())
            lines.append(terminal_safe(f"  {programme}: {shown}"))
    lines += ["", f"Unanswered questions ({report['counts']['unanswered']}):"]
    for group in report["unanswered_questions"][:TEXT_LIMIT]:
        others = len(group["variants"]) - 1
        more = f"  (+{others} similar)" if others else ""
        lines.append(f"  {group['count']:>4}  {terminal_safe(group['question'])}{more}")
    lines += ["", f"Handoff requests ({len(report['handoff_requests'])}):"]
    lines += [
        f"  {h['time']}  {terminal_safe(h['conversation_id'])}  {terminal_safe(h['text'])}"
        for h in report["handoff_requests"][:TEXT_LIMIT]
    ]
    hidden = len(report["handoff_requests"]) - TEXT_LIMIT
    if hidden > 0:
        lines.append(f"  … {hidden} more (see --json)")
    return "\n".join(lines)

"""Compare what students were told was received with what the tracker store holds."""

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class DeliveryReport:
    """How many acknowledged messages were lost, stored twice, or stored out of order."""

    acknowledged: int
    lost: int
    duplicated: int
    out_of_order: int

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.out_of_order == 0


def _longest_increasing_run(positions: Sequence[int]) -> int:
    """Return the length of the longest strictly increasing subsequence."""
    tails: list[int] = []
    for position in positions:
        index = bisect_left(tails, position)
        if index == len(tails):
            tails.append(position)
        else:
            tails[index] = position
    return len(tails)


def check_conversation(sent: Sequence[str], stored: Sequence[str]) -> DeliveryReport:
    """Check one conversation: `sent` acknowledged texts in send order (unique), `stored` as read.

    Out of order counts the fewest stored messages that must move to restore the send order.
    """
    order = {text: index for index, text in enumerate(sent)}
    counts = Counter(text for text in stored if text in order)
    lost = sum(1 for text in sent if counts[text] == 0)
    duplicated = sum(count - 1 for count in counts.values() if count > 1)
    seen: set[str] = set()
    positions = []
    for text in stored:
        if text in order and text not in seen:
            seen.add(text)
            positions.append(order[text])
    out_of_order = len(positions) - _longest_increasing_run(positions)
    return DeliveryReport(len(sent), lost, duplicated, out_of_order)


def check_delivery(
    sent: Mapping[str, Sequence[str]], stored: Mapping[str, Sequence[str]]
) -> DeliveryReport:
    """Check every conversation and add the counts up."""
    reports = [check_conversation(texts, stored.get(sender, ())) for sender, texts in sent.items()]
    return DeliveryReport(
        acknowledged=sum(r.acknowledged for r in reports),
        lost=sum(r.lost for r in reports),
        duplicated=sum(r.duplicated for r in reports),
        out_of_order=sum(r.out_of_order for r in reports),
    )

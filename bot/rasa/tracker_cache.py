"""A bounded, least-recently-used memory of conversations' trackers, for the tracker store.

Each entry remembers what the store held when the tracker was last read or written: how many
of the tracker's events are stored, and the store's (row count, last row id) for the
conversation. The tracker store compares that fingerprint with the store before trusting an
entry, so a write by any other process invalidates it. Bounded by conversations and by events
held in total (the larger conversations cost memory in proportion to their events).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_CONVERSATIONS = 2000
DEFAULT_MAX_EVENTS = 200_000


@dataclass
class CachedTracker:
    """A tracker and what the store held for its conversation when it was cached."""

    tracker: Any
    stored_events: int  # how many of tracker.events the store holds
    fingerprint: tuple[int, int]  # the store's (rows, last row id) for the conversation

    def untouched(self) -> bool:
        """Say whether nobody appended to the tracker since it was cached (or saved)."""
        return len(self.tracker.events) == self.stored_events


class TrackerCache:
    """Trackers by conversation id, the least recently used dropped past either bound."""

    def __init__(
        self,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        max_events: int = DEFAULT_MAX_EVENTS,
    ) -> None:
        if max_conversations < 0 or max_events < 0:
            raise ValueError("cache bounds must be zero (no cache) or positive")
        self.max_conversations = max_conversations
        self.max_events = max_events
        self._entries: OrderedDict[str, CachedTracker] = OrderedDict()
        self._events = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def events(self) -> int:
        """Events held in total (as counted when each entry was put)."""
        return self._events

    def get(self, conversation_id: str) -> CachedTracker | None:
        """Return the entry and mark it most recently used, or None."""
        entry = self._entries.get(conversation_id)
        if entry is not None:
            self._entries.move_to_end(conversation_id)
        return entry

    def put(self, conversation_id: str, entry: CachedTracker) -> None:
        """Remember an entry (replacing any), then drop the oldest past the bounds."""
        self.drop(conversation_id)
        if entry.stored_events > self.max_events or self.max_conversations == 0:
            return  # one conversation larger than the whole cache is simply not cached
        self._entries[conversation_id] = entry
        self._events += entry.stored_events
        while len(self._entries) > self.max_conversations or self._events > self.max_events:
            _, oldest = self._entries.popitem(last=False)
            self._events -= oldest.stored_events

    def drop(self, conversation_id: str) -> None:
        """Forget one conversation."""
        entry = self._entries.pop(conversation_id, None)
        if entry is not None:
            self._events -= entry.stored_events

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()
        self._events = 0

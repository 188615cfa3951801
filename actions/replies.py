"""What one programme's reply answers (the question and what it may quote), and what it holds."""

from dataclasses import dataclass, field
from datetime import date

from actions.background import Background
from knowledge.passages import Passage
from knowledge.query import Fact

# Words a reply stays within unless the student asked for a list or a comparison.
MAX_WORDS = 80


@dataclass
class Reply:
    """One programme's reply: its lines, whether the page stated anything, what "more" holds."""

    lines: list[str]
    stated: bool
    more: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Asked:
    """What one reply answers, and what it may quote.

    `closing` lines end a stated answer and count in its length; `profile` is what the
    student said of themselves, `ignore` the words that only name a programme; `related`
    facts (other topics) count like passages: only when they speak of the question.
    `background` is what an eligibility question says of the student: the sentences about
    their degree come first, and a page silent on requirements still quotes what it says
    about such a background. `seen` holds the sentences already said this turn.
    """

    topic: str | None
    question: str
    facts: list[Fact]
    passages: list[Passage]
    contact_facts: list[Fact]
    today: date
    compact: bool = False
    long_answer: bool = False
    seen: set[str] | None = None
    ignore: frozenset[str] = frozenset()
    profile: str | None = None
    closing: tuple[str, ...] = ()
    related: list[Fact] | None = None
    yes_no: bool = False
    page_text: str = ""
    background: Background | None = None

    def __post_init__(self) -> None:
        self.seen = self.seen if self.seen is not None else set()
        self.related = self.related or []

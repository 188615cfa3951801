"""Personal data is replaced by placeholders; programme facts stay readable."""

import pytest

from bot.transcripts.masking import mask_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my email is jane.doe@example.com", "my email is [email]"),
        ("JANE_DOE+apply@mail.univ-psl.fr.", "[email]."),
        ("call +33 6 12 34 56 78 please", "call [phone] please"),
        ("0612345678", "[phone]"),
        ("06.12.34.56.78 or 06-12-34-56-78", "[phone] or [phone]"),
        ("+1 (555) 123-4567", "[phone]"),
        ("0033612345678", "[phone]"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189", "IBAN [iban]"),
        ("DE89370400440532013000", "[iban]"),
        ("see https://apply.example.org/form?name=jane&id=42 now", "see [url] now"),
        ("student number 2026123456789", "student number [phone]"),
        # Dates, years, fees and plain links stay.
        ("deadline 2026-11-28 or 15/03/2026", "deadline 2026-11-28 or 15/03/2026"),
        ("fees are 4,500 EUR for 2025-2026", "fees are 4,500 EUR for 2025-2026"),
        ("https://www.psl.eu/st4health", "https://www.psl.eu/st4health"),
        ("M2 in 2 years, 120 ECTS", "M2 in 2 years, 120 ECTS"),
        ("", ""),
        (None, None),
    ],
)
def test_mask_text(text, expected):
    assert mask_text(text) == expected

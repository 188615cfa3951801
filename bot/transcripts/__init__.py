"""Analysts' view of the tracker store: turns, search, export, report and NLU candidates."""

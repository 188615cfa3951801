"""The advisor's CLI and runtime: chat page, staff shell, transcripts."""

"""The front door of a multi-process advisor: one public port, several Rasa processes behind it,
every conversation always on the same one (its lock store and tracker cache live there)."""

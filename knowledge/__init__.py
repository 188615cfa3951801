"""Programme pages turned into sourced facts in SQLite; no Rasa imports here."""

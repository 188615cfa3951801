"""Save a blank English spaCy pipeline with the lookup lemmatizer, for Rasa's SpacyNLP.

No trained English spaCy model is installable here; this blank pipeline gives Rasa spaCy
tokenization and lemmas (from spacy-lookups-data) and is loaded by path.

    .venv/bin/python scripts/build_spacy_blank.py bench/work/spacy-en-lookup
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy


def build(path: Path) -> Path:
    """Write the blank pipeline to path and return it."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.to_disk(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="directory to write the pipeline to")
    args = parser.parse_args()
    build(args.path)


if __name__ == "__main__":
    main()

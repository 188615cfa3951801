"""Save a blank English spaCy pipeline with the lookup lemmatizer, for Rasa's SpacyNLP.

No trained English spaCy model is installable here; this blank pipeline gives Rasa spaCy
tokenization and lemmas (from spacy-lookups-data) and is loaded by path.

    .venv/bin/python -m bench.build_spacy_blank bench/work/spacy-en-lookup
"""

from __future__ import annotations

from pathlib import Path

import click
import spacy


def build(path: Path) -> Path:
    """Write the blank pipeline to path and return it."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.to_disk(path)
    return path


@click.command(
    help=__doc__.splitlines()[0]
    + "\n\nExample: python -m bench.build_spacy_blank bench/work/spacy-en-lookup"
)
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def main(path: Path) -> None:
    """Write the blank pipeline to PATH."""
    build(path)


if __name__ == "__main__":
    main()

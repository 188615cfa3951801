"""`python -m bot.rasa.action_server`: rasa-sdk's action server on loopback, only with a usable KB.

Takes rasa-sdk's own options (`--actions`, `--port`, `--quiet`, …). Without this check the
server would start and fail on the first question, lazily, in front of a student.
"""

import gc
import importlib
import logging
import os
import sqlite3
import sys

from knowledge.errors import KnowledgeBaseError
from knowledge.query import KnowledgeBase
from settings import Settings

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


def knowledge_base_problem(settings: Settings) -> str | None:
    """Return why the knowledge base cannot serve answers, or None when it can."""
    try:
        kb = KnowledgeBase.open(settings.kb_path)
        if not kb.programmes():
            return f"knowledge base {settings.kb_path} holds no programmes"
    except (KnowledgeBaseError, sqlite3.Error) as error:
        return f"knowledge base {settings.kb_path} is unusable ({error})"
    return None


def main(argv: list[str] | None = None) -> None:
    """Check the knowledge base, then run rasa-sdk's endpoint on 127.0.0.1."""
    problem = knowledge_base_problem(Settings())
    if problem:
        sys.stderr.write(f"Error: {problem}; run `make kb` to build it.\n")
        sys.exit(2)
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    os.environ["SANIC_HOST"] = LOOPBACK  # rasa-sdk reads its interface from here
    args = create_argument_parser().parse_args(argv)
    # Import the actions (and what they load) now and freeze that heap, so full garbage
    # collections while serving do not walk it (as bot/rasa/startup_heap.py does for Rasa).
    importlib.import_module(args.actions)
    gc.collect()
    gc.freeze()
    main_from_args(args)


if __name__ == "__main__":
    main()

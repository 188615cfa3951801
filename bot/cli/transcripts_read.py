"""`advisor transcripts list | show | search`: reading conversations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from bot.cli.transcripts_shared import SINCE, UNMASKED_HELP, echo, echo_json, open_tables

if TYPE_CHECKING:  # imported lazily so that `advisor --help` stays fast
    from bot.transcripts.cache import TranscriptsCache


@click.command("list")
@click.option("--since", type=SINCE, help="Only conversations started on or after DATE.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--unmasked", is_flag=True, help=UNMASKED_HELP)
@click.pass_obj
def list_command(
    store: TranscriptsCache, since: datetime | None, as_json: bool, unmasked: bool
) -> None:
    """List conversations: start, messages, programmes, topics, fallback, handoff.

    Example: advisor transcripts list --since 2026-11-01 --json
    """
    from bot.transcripts.views import format_list, list_conversations

    conversations = list_conversations(open_tables(store), since=since and since.date())
    if unmasked:
        pseudonym = store.pseudonymiser()
        clear = {pseudonym(sender): sender for sender in store.sender_ids()}
        for conversation in conversations:
            conversation["conversation_id"] = clear.get(conversation["conversation_id"], "?")
    if as_json:
        echo_json(conversations)
    elif conversations:
        echo(format_list(conversations))
    else:
        click.echo("No conversations in that period.")


@click.command()
@click.argument("conversation")
@click.option("--unmasked", is_flag=True, help=UNMASKED_HELP)
@click.pass_obj
def show(store: TranscriptsCache, conversation: str, unmasked: bool) -> None:
    """Print one conversation: time, who, text, intent and confidence, entities, actions, buttons.

    CONVERSATION is the pseudonym `list` prints (or the sender id, if known).

    Example: advisor transcripts show c-3f9c2a1e0b7d
    """
    from bot.transcripts.views import format_transcript, stored_turns

    db = open_tables(store)
    if unmasked:
        sender = store.clear_id(conversation)
        echo(format_transcript(sender, store.unmasked_turns([sender]), masked=False))
        return
    conversation = store.cached_id(conversation, db)
    echo(format_transcript(conversation, stored_turns(db, conversation)))


@click.command()
@click.argument("text")
@click.option("--limit", default=100, show_default=True, help="Most matches to print.")
@click.pass_obj
def search(store: TranscriptsCache, text: str, limit: int) -> None:
    """Full-text search of user messages (words are stemmed: 'fee' finds 'fees').

    Example: advisor transcripts search "tuition fees"
    """
    from bot.transcripts.safety import terminal_safe
    from bot.transcripts.views import search_messages

    # The cache holds masked text only, so a masked value can be neither found nor confirmed.
    matches = search_messages(open_tables(store), text, limit=limit)
    if not matches:
        echo(f"No user message matches {text!r}.")
    for match in matches:
        echo(
            f"{match['time']}  {terminal_safe(match['conversation_id'])}#{match['turn']}  "
            f"{terminal_safe(match['user_text'])}  [{terminal_safe(match['intent'])}]"
        )

"""The loaded model's heap is frozen once the agent is loaded, and only then."""

import asyncio
import gc

import rasa.core.run as run

from bot.rasa.startup_heap import install_frozen_heap_after_load


def test_the_heap_is_frozen_right_after_the_agent_is_loaded(monkeypatch) -> None:
    frozen_while_loading = []

    async def load(model_path, endpoints, remote_storage, app, loop):
        frozen_while_loading.append(gc.get_freeze_count())
        return f"agent of {model_path}"

    monkeypatch.setattr(run, "load_agent_on_start", load)
    install_frozen_heap_after_load()
    install_frozen_heap_after_load()  # twice (server and shell share the entry): one wrapper
    gc.unfreeze()
    try:
        agent = asyncio.run(run.load_agent_on_start("m.tar.gz", None, None, None, None))
        frozen_after = gc.get_freeze_count()
    finally:
        gc.unfreeze()

    assert agent == "agent of m.tar.gz"
    assert frozen_while_loading == [0]
    assert frozen_after > 1000
    assert run.load_agent_on_start.__wrapped__ is load

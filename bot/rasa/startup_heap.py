"""Take the heap of a loaded model out of the garbage collector's full collections.

With its model loaded a Rasa process holds about 490,000 long-lived objects (TensorFlow, the
graph's components, the domain). Python's full collection walks all of them: about 150-300 ms
on this machine, during which the process answers nobody, so every message that arrives then
waits. Serving makes such collections happen every few hundred messages, which is what set the
p99 of the open-loop benchmark. Once the agent is loaded, `gc.freeze()` moves everything alive
into a permanent generation the collector no longer scans; what messages allocate is still
collected as before. The objects frozen live as long as the process anyway.
"""

import functools
import gc
import logging

logger = logging.getLogger(__name__)


def install_frozen_heap_after_load() -> None:
    """Wrap Rasa's agent loading at server start so that the heap is frozen right after it."""
    import rasa.core.run as run

    loader = run.load_agent_on_start
    if getattr(loader, "freezes_heap", False):
        return

    @functools.wraps(loader)
    async def load_then_freeze(*args, **kwargs):
        agent = await loader(*args, **kwargs)
        gc.collect()  # garbage of the loading itself, so it is not frozen with the rest
        gc.freeze()
        logger.info("froze %d objects of the loaded model", gc.get_freeze_count())
        return agent

    load_then_freeze.freezes_heap = True
    run.load_agent_on_start = load_then_freeze

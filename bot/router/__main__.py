"""`python -m bot.router --port P --backend URL …`: what `advisor run` starts in front of
several Rasa processes."""

import argparse
import asyncio
import logging

from aiohttp import web

from bot.router.proxy import make_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.router", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backend", action="append", required=True, help="a Rasa base URL")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    try:  # the same event loop the Rasa processes run on, when it is installed
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    web.run_app(make_app(args.backend), host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()

"""`advisor web serve | assets`: the students' chat page and its JavaScript assets."""

import logging
from pathlib import Path

import click

from settings import Settings


@click.group()
def web() -> None:
    """Serve the chat page, or install its JavaScript assets.

    Example: advisor web serve --port 8080
    """


@web.command()
@click.option("--host", envvar="ADVISOR_WEB_HOST", help="Interface (default: $ADVISOR_HOST).")
@click.option("--port", type=int, help="Port (default: $ADVISOR_WEB_PORT or 8000).")
@click.option(
    "--rasa-url",
    envvar="ADVISOR_RASA_URL",
    help="Rasa server the page talks to (default: the settings' Rasa server).",
)
@click.option(
    "--frame-ancestors",
    envvar="ADVISOR_WEB_FRAME_ANCESTORS",
    default="'self'",
    show_default=True,
    help="CSP frame-ancestors: the sites allowed to embed the page.",
)
def serve(host: str | None, port: int | None, rasa_url: str | None, frame_ancestors: str) -> None:
    """Serve the chat page and its /config.json until stopped (what `advisor run` starts).

    Example: ADVISOR_RASA_URL=http://127.0.0.1:5005 advisor web serve --port 8000
    """
    from bot.web.server import assets_missing, make_app, serve_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings()
    if assets_missing():
        raise click.ClickException("chat page assets are missing: run `advisor web assets` first")
    try:
        app = make_app(rasa_url=rasa_url or settings.rasa_url, frame_ancestors=frame_ancestors)
    except ValueError as error:
        raise click.ClickException(f"cannot start the chat page server: {error}") from None
    serve_app(app, host or settings.host, port or settings.web_port)


@web.command()
@click.option("--force", is_flag=True, help="Run npm even if node_modules is fresh.")
@click.option(
    "--web-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding package.json and static/ (default: the shipped bot/web).",
)
def assets(force: bool, web_dir: Path | None) -> None:
    """Install the page's socket.io client with npm and copy it into static/vendor.

    Example: advisor web assets --force
    """
    from bot.web.assets import WEB_DIR, WebAssetsError, ensure_web_assets

    try:
        result = ensure_web_assets(web_dir or WEB_DIR, force=force)
    except WebAssetsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        "chat page assets ready (npm {}; copied: {})".format(
            "ran" if result.installed else "skipped, node_modules is fresh",
            ", ".join(result.copied) or "nothing, already up to date",
        )
    )

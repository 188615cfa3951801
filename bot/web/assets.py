"""Install the chat page's JavaScript dependencies and copy them into its static folder.

`advisor web assets` (what `make install` calls) runs ``npm ci`` (or ``npm install`` when there is
no lock file) in ``bot/web`` when ``node_modules`` is missing or older than ``package.json`` /
``package-lock.json``, then copies the files the page loads into ``bot/web/static/vendor/``,
which is not committed.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent

# (file inside node_modules, name inside static/vendor)
VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("socket.io-client/dist/socket.io.min.js", "socket.io.min.js"),
    ("socket.io-client/dist/socket.io.min.js.map", "socket.io.min.js.map"),
)

# npm writes this file after every successful install; its age tells us when node_modules
# was last brought in line with package.json / package-lock.json.
NPM_INSTALL_MARKER = Path("node_modules") / ".package-lock.json"


class WebAssetsError(RuntimeError):
    """Raise when the chat page's assets cannot be installed."""


@dataclass(frozen=True)
class AssetsResult:
    """What ``ensure_web_assets`` did."""

    installed: bool
    copied: tuple[str, ...]


def node_modules_is_stale(web_dir: Path) -> bool:
    """Return True when node_modules is missing or older than the package manifests."""
    marker = web_dir / NPM_INSTALL_MARKER
    if not marker.is_file():
        return True
    installed_at = marker.stat().st_mtime
    manifests = [web_dir / "package.json", web_dir / "package-lock.json"]
    return any(path.is_file() and path.stat().st_mtime > installed_at for path in manifests)


def npm_command(web_dir: Path) -> list[str]:
    """Return the npm command that installs exactly what the lock file pins, if there is one."""
    if (web_dir / "package-lock.json").is_file():
        return ["npm", "ci", "--no-audit", "--no-fund"]
    return ["npm", "install", "--no-audit", "--no-fund"]


def run_npm(web_dir: Path) -> None:
    """Install node_modules in ``web_dir`` with npm."""
    npm = shutil.which("npm")
    if npm is None:
        raise WebAssetsError(
            "npm was not found on PATH. The chat page needs Node.js 18+ and npm to install "
            "socket.io-client (Debian: apt-get install -y nodejs npm)."
        )
    command = [npm, *npm_command(web_dir)[1:]]
    logger.info("Running %s in %s", " ".join(command), web_dir)
    completed = subprocess.run(command, cwd=web_dir, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise WebAssetsError(
            f"{' '.join(command)} failed in {web_dir} (exit {completed.returncode}):\n"
            f"{completed.stderr.strip() or completed.stdout.strip()}"
        )
    # npm skips rewriting its marker when nothing changed (e.g. package.json only touched by
    # a checkout); touch it so the next run sees node_modules as fresh.
    (web_dir / NPM_INSTALL_MARKER).touch()


def copy_vendor_files(web_dir: Path) -> tuple[str, ...]:
    """Copy the page's vendor files from node_modules when missing or different."""
    vendor_dir = web_dir / "static" / "vendor"
    vendor_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for source_name, target_name in VENDOR_FILES:
        source = web_dir / "node_modules" / source_name
        if not source.is_file():
            raise WebAssetsError(f"{source} is missing after npm install")
        target = vendor_dir / target_name
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        shutil.copyfile(source, target)
        copied.append(target_name)
    return tuple(copied)


def ensure_web_assets(web_dir: Path = WEB_DIR, *, force: bool = False) -> AssetsResult:
    """Install npm dependencies when needed and copy the vendor files into static/vendor."""
    installed = False
    if force or node_modules_is_stale(web_dir):
        run_npm(web_dir)
        installed = True
    copied = copy_vendor_files(web_dir)
    return AssetsResult(installed=installed, copied=copied)

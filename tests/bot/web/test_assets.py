"""bot.web.assets and `advisor web assets` with a fake npm on PATH (no network, no Node.js)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.web import web
from bot.web import assets as web_assets

FAKE_NPM = """#!/bin/sh
# Record the call and lay out node_modules the way npm would.
echo "$@" >> npm-calls.log
mkdir -p node_modules/socket.io-client/dist
printf '/* io */' > node_modules/socket.io-client/dist/socket.io.min.js
printf '{}' > node_modules/socket.io-client/dist/socket.io.min.js.map
printf '{}' > node_modules/.package-lock.json
"""


@pytest.fixture()
def web_dir(tmp_path: Path) -> Path:
    """Build a bot/web-like folder with package.json and package-lock.json."""
    web = tmp_path / "web"
    (web / "static").mkdir(parents=True)
    (web / "package.json").write_text('{"dependencies": {}}', encoding="utf-8")
    (web / "package-lock.json").write_text('{"lockfileVersion": 3}', encoding="utf-8")
    return web


@pytest.fixture()
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a fake npm first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM, encoding="utf-8")
    npm.chmod(npm.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return npm


def npm_calls(web_dir: Path) -> list[str]:
    log = web_dir / "npm-calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_installs_and_copies_when_node_modules_is_missing(web_dir, fake_npm):
    result = web_assets.ensure_web_assets(web_dir)
    assert result == web_assets.AssetsResult(
        installed=True, copied=("socket.io.min.js", "socket.io.min.js.map")
    )
    assert npm_calls(web_dir) == ["ci --no-audit --no-fund"]
    assert (web_dir / "static" / "vendor" / "socket.io.min.js").read_text() == "/* io */"


def test_second_run_does_nothing(web_dir, fake_npm):
    web_assets.ensure_web_assets(web_dir)
    result = web_assets.ensure_web_assets(web_dir)
    assert result == web_assets.AssetsResult(installed=False, copied=())
    assert npm_calls(web_dir) == ["ci --no-audit --no-fund"]


def test_reinstalls_when_lock_file_is_newer(web_dir, fake_npm):
    web_assets.ensure_web_assets(web_dir)
    marker = web_dir / web_assets.NPM_INSTALL_MARKER
    os.utime(marker, (1_000_000, 1_000_000))
    assert web_assets.node_modules_is_stale(web_dir)
    assert web_assets.ensure_web_assets(web_dir).installed
    assert len(npm_calls(web_dir)) == 2


def test_recopies_a_vendor_file_that_differs(web_dir, fake_npm):
    web_assets.ensure_web_assets(web_dir)
    (web_dir / "static" / "vendor" / "socket.io.min.js").write_text("stale", encoding="utf-8")
    assert web_assets.ensure_web_assets(web_dir).copied == ("socket.io.min.js",)


def test_uses_npm_install_without_lock_file(web_dir, fake_npm):
    (web_dir / "package-lock.json").unlink()
    web_assets.ensure_web_assets(web_dir)
    assert npm_calls(web_dir) == ["install --no-audit --no-fund"]


def test_missing_npm_is_a_clear_error(web_dir, monkeypatch):
    monkeypatch.setenv("PATH", str(web_dir / "no-such-bin"))
    with pytest.raises(web_assets.WebAssetsError, match="npm was not found on PATH"):
        web_assets.ensure_web_assets(web_dir)


def test_failing_npm_reports_its_output(web_dir, fake_npm):
    fake_npm.write_text("#!/bin/sh\necho 'ERR! network unreachable' >&2\nexit 1\n")
    with pytest.raises(web_assets.WebAssetsError, match="ERR! network unreachable"):
        web_assets.ensure_web_assets(web_dir)


def test_command_exits_1_with_message_when_npm_is_missing(web_dir, monkeypatch):
    monkeypatch.setenv("PATH", str(web_dir / "no-such-bin"))
    result = CliRunner().invoke(web, ["assets", "--web-dir", str(web_dir)])
    assert result.exit_code == 1
    assert "npm was not found on PATH" in result.output


def test_command_help_has_an_example():
    result = CliRunner().invoke(web, ["assets", "--help"])
    assert result.exit_code == 0
    assert "Example: advisor web assets" in result.output


def test_shipped_package_files_hold_no_registry_address():
    web_dir = web_assets.WEB_DIR
    for name in ("package.json", "package-lock.json", ".npmrc"):
        path = web_dir / name
        if path.exists():
            assert "://" not in path.read_text(encoding="utf-8"), name
    assert "omit-lockfile-registry-resolved=true" in (web_dir / ".npmrc").read_text()

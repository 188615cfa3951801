"""The classes credentials.yml, endpoints.yml and config.yml name exist; old names still load."""

import importlib

import pytest
import yaml

from tests.conftest import ROOT


def load(name: str) -> object:
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def plugin_names() -> list[str]:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    pipeline = [component["name"] for component in config["pipeline"]]
    stores = [endpoints["tracker_store"]["type"], endpoints["lock_store"]["type"]]
    names = [*credentials, *stores, *pipeline]
    return [name for name in names if name.startswith("bot.")]


@pytest.mark.parametrize("name", plugin_names())
def test_named_plugin_is_in_bot_rasa(name):
    assert name.startswith("bot.rasa.")
    assert isinstance(load(name), type)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("bot.channels.AdvisorRestInput", "bot.rasa.channels.AdvisorRestInput"),
        ("bot.channels.AdvisorSocketIOInput", "bot.rasa.channels.AdvisorSocketIOInput"),
        (
            "bot.tracker_store.AdvisorSQLTrackerStore",
            "bot.rasa.tracker_store.AdvisorSQLTrackerStore",
        ),
        ("bot.language_detector.LanguageDetector", "bot.rasa.language_detector.LanguageDetector"),
    ],
)
def test_names_of_the_previous_release_still_load(old, new):
    with pytest.warns(DeprecationWarning):
        importlib.reload(importlib.import_module(old.rpartition(".")[0]))
    assert load(old) is load(new)

"""Candidate NLU examples are valid Rasa training data, masked and labelled for review."""

from sqlite_utils import Database

from bot.transcripts.source import TrackerSource
from bot.transcripts.tables import refresh
from bot.transcripts.to_nlu import candidate_examples, candidates_yaml
from settings import tracker_url

from .conftest import DAY_ONE, stamp, user


def test_candidates_load_as_rasa_nlu_data(make_store, tmp_path):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    events = [
        user("my number is 0612345678, any scholarship?", "nlu_fallback", 0.7),
        user("fees   for\nleuven?", "ask_fees", 0.41),
        user("FEES FOR LEUVEN?", "ask_fees", 0.2),  # the same message again: kept once
        user("deadline?", "ask_deadlines", 0.95),  # confident and answered: not a candidate
    ]
    store = make_store({"dana": stamp(events, DAY_ONE)})
    db = Database(tmp_path / "transcripts.db")
    refresh(db, TrackerSource(tracker_url(str(store))))
    examples = candidate_examples(db)
    assert examples == {
        "ask_fees": ["fees for leuven?"],
        "nlu_fallback": ["my number is [phone], any scholarship?"],
    }
    text = candidates_yaml(examples)
    assert text.startswith("# Candidate NLU examples")
    assert "LABEL THEM before use" in text
    data = RasaYAMLReader().reads(text)
    assert sorted((m.get("intent"), m.get("text")) for m in data.intent_examples) == [
        ("ask_fees", "fees for leuven?"),
        ("nlu_fallback", "my number is [phone], any scholarship?"),
    ]


def test_no_candidates_is_still_valid_yaml():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    assert RasaYAMLReader().reads(candidates_yaml({})).intent_examples == []


def test_masked_data_and_brackets_never_become_entity_annotations(make_store, tmp_path):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    events = [
        user("write to jane.doe@example.com(work) please", "nlu_fallback", 0.3),
        user("is [st4health]{fees} cheap", "nlu_fallback", 0.3),
    ]
    store = make_store({"erin": stamp(events, DAY_ONE)})
    db = Database(tmp_path / "transcripts.db")
    refresh(db, TrackerSource(tracker_url(str(store))))
    data = RasaYAMLReader().reads(candidates_yaml(candidate_examples(db)))
    assert sorted(m.get("text") for m in data.intent_examples) == [
        "is [st4health] {fees} cheap",
        "write to [email] (work) please",
    ]
    assert all(not m.get("entities") for m in data.intent_examples)

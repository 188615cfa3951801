import jsonschema
import pytest

from bot.rasa.server import cached_validate

SCHEMA = {
    "type": "object",
    "properties": {"events": {"type": "array"}, "responses": {"type": "array"}},
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("instance", "valid"),
    [
        ({"events": [], "responses": []}, True),
        ({"events": "nope"}, False),
        ({"unexpected": 1}, False),
    ],
)
def test_cached_validate_agrees_with_jsonschema(instance, valid):
    def verdict(validate):
        try:
            validate(instance, SCHEMA)
        except jsonschema.ValidationError:
            return False
        return True

    assert verdict(cached_validate) == verdict(jsonschema.validate) == valid

import pytest

from knowledge.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quels sont les frais de scolarité ?", "fr"),
        ("c'est quoi la date limite pour st4helth", "fr"),
        ("Bonjour", "fr"),
        ("quels débouchés après le master ?", "fr"),
        ("How much is tuition for ST4Health?", "en"),
        ("Do you have an MBA?", "en"),
        ("and the fees?", "en"),
        ("", "en"),
        ("PariSanté campus location?", "en"),
        # "I'm" is no French elision, and an accented name needs a French-only word
        ("I'm finishing a licence in chemistry at Sorbonne Université, can I apply?", "en"),
        ("Le stage du certificat de Louvain se fait où ?", "fr"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_unsure_keeps_the_default():
    assert detect_language("ST4Health", default="fr") == "en"
    assert detect_language("", default="fr") == "fr"

"""The whole advisor over its real channels: REST and socket.io, across a restart."""

import uuid

import pytest
import socketio

pytestmark = pytest.mark.slow


def joined(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much is tuition for ST4Health?", "€250"),
        # The page writes the date "15/06/2026"; the answer quotes it.
        ("When is the deadline for the medical radiophysics master?", "15/06/2026"),
        ("What does the Leuven certificate cost?", "does not state"),
        (
            "What are the prerequisites for the Leuven postgraduate certificate?",
            "medical (radiation) physics",
        ),
        ("which tracks does ST4Health offer?", "AI & Digital Health"),
        ("what jobs can I get after the biomedical engineering master?", "R&D positions"),
    ],
)
def test_core_questions_over_rest(advisor_stack, question, expected):
    replies = advisor_stack.ask(f"core-{uuid.uuid4().hex}", question)
    assert expected in joined(replies)


def test_context_survives_a_restart(advisor_stack):
    sender = f"restart-{uuid.uuid4().hex}"
    assert "15/06/2026" in joined(advisor_stack.ask(sender, "When is the radiophysics deadline?"))
    advisor_stack.restart()
    text = joined(advisor_stack.ask(sender, "and what documents do I need?"))
    assert "Motivation letter" in text


def test_out_of_scope_gets_no_programme_fact(advisor_stack):
    text = joined(
        advisor_stack.ask(f"oos-{uuid.uuid4().hex}", "what's the weather in Paris tomorrow?")
    )
    assert "outside what I can help with" in text or "not sure I understood" in text
    assert "€" not in text


def test_socketio_client_gets_its_answer(advisor_stack):
    received: list[dict] = []
    confirmed: list[str] = []
    client = socketio.Client()

    @client.on("bot_uttered")
    def on_bot_uttered(data):
        received.append(data)

    client.on("session_confirm", confirmed.append)
    client.connect(advisor_stack.rasa_url, transports=["polling"], socketio_path="/socket.io")
    try:
        client.emit("session_request", {"session_id": None})
        for _ in range(100):
            if confirmed:
                break
            client.sleep(0.1)
        client.emit(
            "user_uttered",
            {"message": "How much is tuition for ST4Health?", "session_id": confirmed[0]},
        )
        for _ in range(100):
            if received:
                break
            client.sleep(0.1)
    finally:
        client.disconnect()
    assert any("€250" in (message.get("text") or "") for message in received)


def test_another_university_is_declined_even_with_a_programme_remembered(advisor_stack):
    sender = f"other-{uuid.uuid4().hex}"
    assert "€250" in joined(advisor_stack.ask(sender, "How much is tuition for ST4Health?"))
    text = joined(advisor_stack.ask(sender, "and what are the fees at Imperial College?"))
    assert "€" not in text
    assert "Imperial College" in text or "outside what I can help with" in text

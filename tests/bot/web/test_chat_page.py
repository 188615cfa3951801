"""Browser test of the student chat page against the running stack (Debian Chromium + Playwright).

Needs the session fixture ``advisor_stack`` (tests/conftest.py) with ``chat_url``, ``rasa_url``
and ``rest_url``. A stack may carry its own ``conversation`` (a ``Conversation``) when its bot
answers differently from the Programme Advisor.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.web import server as webchat

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
REPLY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Conversation:
    """What to say to the bot and what it must answer."""

    ambiguous_question: str  # answered with quick-reply buttons
    button_title: str  # regex choosing the button to click
    answer_after_button: str  # text in the reply to the clicked button
    question: str
    answer: str


PROGRAMME_ADVISOR = Conversation(
    ambiguous_question="How much is tuition?",
    button_title=r"ST4Health|Health",
    answer_after_button="€250",
    question="How much is tuition for ST4Health?",
    answer="€250",
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Launch Debian's Chromium headless."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def phone_page(browser):
    """Open a fresh phone-sized tab that fails the test on script errors and CSP violations."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert errors == []


def bot_messages(page):
    return page.locator("#message-log .message--bot .message__bubble")


def user_messages(page):
    return page.locator("#message-log .message--user .message__bubble")


def wait_until_ready(page) -> None:
    expect(page.locator("#send-button")).to_be_enabled(timeout=REPLY_TIMEOUT_MS)


def ask(page, text: str) -> None:
    """Type a question with the keyboard and send it with Enter."""
    bot_count = bot_messages(page).count()
    page.locator("#message-input").fill(text)
    page.keyboard.press("Enter")
    expect(user_messages(page).last).to_have_text(text)
    expect(bot_messages(page)).not_to_have_count(bot_count, timeout=REPLY_TIMEOUT_MS)


def session_id(page) -> str:
    return page.evaluate("JSON.parse(localStorage.getItem('programme-advisor.chat.v1')).sessionId")


def test_student_conversation_survives_reload(advisor_stack, phone_page):
    conversation = getattr(advisor_stack, "conversation", PROGRAMME_ADVISOR)
    page = phone_page
    page.goto(advisor_stack.chat_url)
    expect(page.get_by_role("heading", name="Programme Advisor")).to_be_visible()
    expect(page.get_by_label("Your question for the Programme Advisor")).to_be_visible()
    wait_until_ready(page)

    # An ambiguous question gets quick replies; clicking one shows its title as my message.
    ask(page, conversation.ambiguous_question)
    button = page.locator(".quick-replies__button", has_text=re.compile(conversation.button_title))
    expect(button.first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    title = button.first.inner_text()
    button.first.click()
    expect(user_messages(page).last).to_have_text(title)
    expect(page.locator(".quick-replies")).to_have_count(0)
    expect(bot_messages(page).last).to_contain_text(
        conversation.answer_after_button, timeout=REPLY_TIMEOUT_MS
    )

    ask(page, conversation.question)
    expect(bot_messages(page).filter(has_text=conversation.answer).last).to_be_visible()

    # Text is never HTML, links are safe new-tab links.
    markup = "<img src=x> <b>bold?</b>"
    ask(page, markup)
    expect(user_messages(page).last).to_have_text(markup)
    assert page.locator("#message-log img, #message-log b, #message-log script").count() == 0
    for link in page.locator("#message-log a").all():
        assert re.match(r"https?://", link.get_attribute("href"))
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("rel") == "noopener noreferrer"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-page.png"))
    transcript = page.locator("#message-log").inner_text()
    session_before = session_id(page)
    quick_replies_before = page.locator(".quick-replies").count()

    page.reload()
    wait_until_ready(page)
    assert page.locator("#message-log").inner_text() == transcript
    assert session_id(page) == session_before
    # The clicked button's title appears once as my message (not re-sent, not duplicated).
    exact_title = re.compile(f"^{re.escape(title)}$")
    expect(user_messages(page).filter(has_text=exact_title)).to_have_count(1)
    # The last answer's quick replies (if any) come back with it.
    expect(page.locator(".quick-replies")).to_have_count(quick_replies_before)

    # The restored session still talks to the same conversation on the server.
    ask(page, conversation.question)
    expect(bot_messages(page).last).to_contain_text(conversation.answer)

    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / "chat-page-desktop.png"))


def test_a_second_tab_of_the_same_student_continues_the_same_conversation(
    advisor_stack, phone_page
):
    conversation = getattr(advisor_stack, "conversation", PROGRAMME_ADVISOR)
    first = phone_page
    first.goto(advisor_stack.chat_url)
    wait_until_ready(first)
    ask(first, conversation.question)
    expect(bot_messages(first).last).to_contain_text(conversation.answer)

    second = first.context.new_page()  # same browser profile: same storage, same secret
    second.goto(advisor_stack.chat_url)
    wait_until_ready(second)
    assert session_id(second) == session_id(first)
    ask(second, conversation.question)
    expect(bot_messages(second).last).to_contain_text(conversation.answer)
    ask(first, conversation.question)
    expect(bot_messages(first).last).to_contain_text(conversation.answer)
    second.close()


def test_quoted_answers_and_more_read_well_on_a_phone(advisor_stack, phone_page):
    page = phone_page
    page.goto(advisor_stack.chat_url)
    wait_until_ready(page)
    ask(page, "Which research labs are partners of ST4Health?")
    answer = page.locator("#message-log .message--bot").last
    expect(answer.locator(".message__line").first).to_contain_text("ST4Health page says")
    quotes = answer.locator(".message__quote")
    assert 1 <= quotes.count() <= 2  # the lead quotes one sentence, at most two more follow
    more = answer.locator(".quick-replies__button", has_text="More from the page")
    expect(more).to_be_visible()
    # Nothing is wider than the phone: no sideways scrolling to read a quote.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-page-answer-phone.png"))

    more.click()
    expect(bot_messages(page).last).to_contain_text("PSL", timeout=REPLY_TIMEOUT_MS)
    shown = page.locator("#message-log").inner_text()
    assert shown.count("The program is linked to a wide network of research labs") == 1
    page.screenshot(path=str(ARTIFACTS / "chat-page-more-phone.png"), full_page=True)


def test_page_is_keyboard_usable_and_accessible(advisor_stack, phone_page):
    page = phone_page
    page.goto(advisor_stack.chat_url)
    wait_until_ready(page)
    log = page.locator("#message-log")
    assert log.get_attribute("role") == "log"
    assert log.get_attribute("aria-live") == "polite"

    page.keyboard.press("Tab")  # skip link
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#message-input")).to_be_focused()
    outline = page.locator("#message-input").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


class TcpForwarder:
    """Forward a local port to Rasa; stop() and start() simulate the server going away."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server: asyncio.AbstractServer | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self.writers.update({client_writer, upstream_writer})
        await asyncio.gather(
            self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer)
        )

    async def _start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def _stop(self) -> None:
        if self.server is None:
            return
        server, self.server = self.server, None
        server.close()
        for writer in self.writers:
            writer.close()
        self.writers.clear()
        await server.wait_closed()

    def start(self) -> None:
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def test_unreachable_server_is_reported_and_recovers(advisor_stack, browser):
    # The page keeps its own origin (allowed by Rasa's CORS) but is told to reach Rasa through a
    # forwarder that the test switches off and on; CSP is bypassed only for that extra port.
    rasa = urlsplit(advisor_stack.rasa_url)
    forwarder = TcpForwarder(rasa.hostname, rasa.port)
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    config = webchat.page_config(f"http://{rasa.hostname}:{forwarder.port}")
    page.route("**/config.json", lambda route: route.fulfill(json=config))
    try:
        page.goto(advisor_stack.chat_url)
        banner = page.locator("#connection-banner")
        expect(banner).to_contain_text("can't be reached", timeout=REPLY_TIMEOUT_MS)
        expect(page.locator("#send-button")).to_be_disabled()

        forwarder.start()
        expect(banner).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
        wait_until_ready(page)

        forwarder.stop()
        expect(banner).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        expect(page.locator("#send-button")).to_be_disabled()
        forwarder.start()
        expect(banner).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
        expect(page.locator("#status")).to_have_text(re.compile("Connected again"))
        wait_until_ready(page)
    finally:
        context.close()
        forwarder.stop()
        forwarder.close()

"""The sandbox in a real browser (Debian's headless chromium, driven by Playwright): from
/start to a summary chart, by tapping, as someone trying Between for the first time would.

`python -m bot` runs with no token, as `make run` would, so this also checks that a missing
token starts the sandbox. Screenshots go to the test's folder, and to SANDBOX_SCREENSHOTS
when it is set (docs/sandbox.png is one of them).
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import bot_env, free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NOTE_QUESTION = "Anything you'd like to bring"
LAPTOP = {"width": 1120, "height": 880}
PHONE = {"width": 390, "height": 844}  # an iPhone 14's screen, in CSS pixels
SESSIONS_OPT_OUT = "I'd rather just pick a check-in time"

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,  # a real process and a browser
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)"
    ),
]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[str]:
    """`python -m bot` with no token: the sandbox, on a free port; its address."""
    port = free_port()
    log_path = tmp_path / "sandbox.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=tmp_path,
            env=bot_env(SANDBOX_PORT=str(port)),
            stdout=log,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while "sandbox ready" not in log_path.read_text(errors="replace"):
            assert process.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, "the sandbox did not start within 30 s"
            time.sleep(0.05)
        first_line = log_path.read_text().splitlines()[0]
        assert first_line == (
            f"No bot token: starting the local sandbox at {url} (nothing leaves this machine)."
        )
        with urllib.request.urlopen(url) as page:
            assert "Between sandbox" in page.read().decode()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
    log_text = log_path.read_text(errors="replace")
    assert "Traceback" not in log_text, log_text
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert not (tmp_path / "data" / "between.db").exists(), "the real database is untouched"


class Phone:
    """The page as a person uses it: tap what is on screen, type, and wait for the bot."""

    def __init__(self, page: "sync_api.Page", shots: list[Path]) -> None:
        self.page = page
        self.shots = shots

    def signature(self) -> str:
        return str(self.page.eval_on_selector("#chat", "chat => chat.dataset.signature || ''"))

    def wait_for_change(self, before: str) -> None:
        self.page.wait_for_function(
            "before => (document.querySelector('#chat').dataset.signature || '') !== before",
            arg=before,
            timeout=10_000,
        )

    def type(self, text: str) -> None:
        before = self.signature()
        self.page.fill("#input", text)
        self.page.press("#input", "Enter")
        self.wait_for_change(before)
        self.settle()

    def start(self) -> None:
        """A new chat's START button, as in Telegram."""
        before = self.signature()
        self.page.get_by_role("button", name="START", exact=True).click()
        self.wait_for_change(before)
        self.settle()

    def tap(self, label: str) -> None:
        before = self.signature()
        self.last_row().get_by_role("button", name=label, exact=True).click()
        self.wait_for_change(before)
        self.settle()

    def settle(self) -> None:
        """Let the bot finish (a reply may come in parts: an edit, then a new message)."""
        quiet_since, last = time.monotonic(), self.signature()
        while time.monotonic() - quiet_since < 0.3:
            time.sleep(0.05)
            if (now := self.signature()) != last:
                quiet_since, last = time.monotonic(), now

    def last_row(self) -> "sync_api.Locator":
        return self.page.locator(".row:not(.mine)").last

    def labels(self) -> list[str]:
        return [
            label.strip() for label in self.last_row().locator(".keyboard button").all_inner_texts()
        ]

    def last_text(self) -> str:
        return self.last_row().locator(".bubble").inner_text()

    def shot(self, name: str) -> None:
        path = self.shots[0].parent / f"{name}.png"
        self.page.screenshot(path=str(path))
        self.shots.append(path)


def open_page(
    playwright: "sync_api.Playwright", url: str, viewport: dict[str, int]
) -> tuple["sync_api.Browser", "sync_api.Page", list[str]]:
    """The sandbox in a new browser; the list fills with every script error, console error
    and failed request the page meets (a test ends by asserting it is empty)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(url)
    page.get_by_role("tab", name="Client A").wait_for()
    return browser, page, errors


def set_up_monday_nine(phone: Phone) -> None:
    """/start through set-up, by tapping: London, no sessions, Mondays at 09:00."""
    phone.start()
    assert "not monitored" in phone.last_text()
    phone.tap("I agree")
    phone.tap("Europe/London")
    phone.tap(SESSIONS_OPT_OUT)
    phone.tap("Mon")
    phone.tap("09:00")
    assert "Monday" in phone.last_text()
    phone.page.get_by_text(re.compile(r"Next check-in: Mon .*09:00")).wait_for()


def jump(phone: Phone) -> None:
    before = phone.signature()
    phone.page.get_by_role("button", name="Jump to the next message").click()
    phone.wait_for_change(before)
    phone.settle()


def on_screen(page: "sync_api.Page", selector: str) -> bool:
    """Whether all of it is within the window as it is now, with nothing scrolled."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None, selector
    right, bottom = box["x"] + box["width"], box["y"] + box["height"]
    return box["x"] >= 0 and box["y"] >= 0 and right <= size["width"] and bottom <= size["height"]


def answer_checkin(phone: Phone) -> None:
    """Answer whatever the check-in asks, item by item, until it asks for a note."""
    for _ in range(15):
        if NOTE_QUESTION in phone.last_text():
            phone.type("Talk about the weekend")
            return
        labels = phone.labels()
        numbers = [label for label in labels if re.match(r"\d", label)]
        if "Yes" in labels:  # "a session since the last check-in?" (sessions, when merged)
            phone.tap("Yes")
        elif numbers:
            phone.tap(next((n for n in ("7", "4") if n in numbers), numbers[-1]))
        else:
            raise AssertionError(f"unexpected check-in step: {phone.last_text()!r} {labels}")
    raise AssertionError("the check-in never asked for a note")


def test_try_between_in_a_browser_from_start_to_summary_chart(sandbox: str, tmp_path: Path) -> None:
    shots = [tmp_path / "start.png"]
    with sync_api.sync_playwright() as playwright:
        browser, page, errors = open_page(playwright, sandbox, LAPTOP)
        phone = Phone(page, shots)
        page.get_by_text("No check-in scheduled yet.").wait_for()

        set_up_monday_nine(phone)
        assert not page.get_by_role("button", name="START").is_visible(), "only for a new chat"
        phone.shot("1-schedule")

        jump(phone)
        assert re.search(r"\bMon\b", page.inner_text("#clock-date"))
        assert page.inner_text("#clock-time") == "09:00"
        phone.shot("2-checkin")
        answer_checkin(phone)
        phone.shot("3-answered")

        # Client B sees only their own, empty chat, and their phone can be in German.
        page.get_by_role("tab", name="Client B").click()
        page.locator(".empty").wait_for()
        assert page.locator(".row").count() == 0
        page.select_option("#language", label="Deutsch")
        page.get_by_role("button", name="Commands").click()
        page.locator(".menu").get_by_text("Einstellungen ansehen und ändern").wait_for()
        page.get_by_role("button", name="Commands").click()
        phone.type("/start")
        assert "Einverstanden" in phone.labels()
        phone.shot("3-german")
        page.get_by_role("tab", name="Client A").click()
        page.wait_for_function("() => document.querySelector('#language').value === 'en'")
        page.locator(".row").first.wait_for()

        # The summary, asked for from the command menu.
        page.get_by_role("button", name="Commands").click()
        before = phone.signature()
        page.locator(".menu").get_by_text("/summary").click()
        phone.wait_for_change(before)
        phone.settle()
        phone.tap(phone.labels()[0])  # the first period offered
        assert "Preview" in phone.last_text()
        phone.tap("Send")
        chart = page.locator(".bubble.photo img").last
        chart.wait_for()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 200", arg=chart.element_handle()
        )
        phone.shot("4-summary")

        # The export: documents, shown as files and downloadable.
        page.fill("#input", "/export")
        page.press("#input", "Enter")
        document = page.locator(".bubble .file").last
        document.wait_for()
        download = page.request.get(sandbox + document.locator("a.file-icon").get_attribute("href"))
        assert download.ok
        assert "attachment" in download.headers["content-disposition"]
        assert download.body()
        phone.settle()
        phone.shot("5-export")
        assert not errors, errors
        browser.close()
    keep(shots)


def test_on_a_phone_the_clock_and_the_jump_stay_on_screen(sandbox: str, tmp_path: Path) -> None:
    """At a phone's width the panel goes below the chat; the clock and the jump must not."""
    shots = [tmp_path / "start.png"]
    with sync_api.sync_playwright() as playwright:
        browser, page, errors = open_page(playwright, sandbox, PHONE)
        phone = Phone(page, shots)
        assert on_screen(page, "#start"), "a new chat's START button"
        phone.shot("6-phone-new-chat")
        set_up_monday_nine(phone)
        assert on_screen(page, ".travel .primary") and on_screen(page, "#clock-time")
        jump(phone)
        assert page.inner_text("#clock-time") == "09:00"
        assert on_screen(page, ".travel .primary") and on_screen(page, "#clock-time")
        assert on_screen(page, ".row:last-child .keyboard"), "the check-in's buttons, above the bar"
        phone.shot("7-phone-checkin")
        assert not errors, errors
        browser.close()
    keep(shots)


def keep(shots: list[Path]) -> None:
    if folder := os.environ.get("SANDBOX_SCREENSHOTS"):
        for shot in shots[1:]:
            shutil.copy(shot, Path(folder) / shot.name)

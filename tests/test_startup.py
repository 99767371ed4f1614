"""Start-up a newcomer cannot get wrong: `.env.example` as copied works, and every way start-up
can fail ends in one clear paragraph on stderr, never a traceback."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

import bot.__main__ as bot_main
import bot.runner as runner
import domain.language as language
from botapi import FakeBotApi
from tests.processes import ROOT, BotProcess, bot_env, free_port, wait_until

CONFIGURATION = 2  # the exit code for a start-up that cannot go on


def sqlite_url(folder: Path) -> str:
    return f"sqlite+aiosqlite:///{folder / 'between.db'}"


def run_module(module: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m module` to its end (for failures that never reach Telegram)."""
    return subprocess.run(
        [sys.executable, "-m", module],
        cwd=cwd,
        env=bot_env(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_clear_paragraph(output: str) -> None:
    assert "Traceback" not in output
    assert "errors.pydantic.dev" not in output
    assert "validation error for" not in output
    assert output.strip(), "a failure must say something"


@pytest.mark.slow  # a real process
async def test_env_example_copied_as_it_is_starts_the_bot(api: FakeBotApi, tmp_path: Path) -> None:
    """README, "Run it": copy .env.example, put in the token, `make run` (the bot, which
    creates the database as it starts)."""
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("TELEGRAM_BOT_TOKEN="):
            line = f"TELEGRAM_BOT_TOKEN={api.token}"
        elif line.startswith("TELEGRAM_API_URL="):
            line = f"TELEGRAM_API_URL={api.base_url}"
        lines.append(line)
    (tmp_path / ".env").write_text("\n".join(lines) + "\n")

    # .env.example's HEALTH_PORT=9090 may be taken on this machine: the one setting moved.
    bot = BotProcess(tmp_path, "bot", HEALTH_PORT=str(free_port()))
    await bot.start()
    try:
        api.user(1001)
        api.queue_update(api.make_message_update(1001, "/start"))
        await wait_until(lambda: bool(api.bot_messages(1001)), what="a reply to /start")
        assert "welcome to Between" in api.bot_messages(1001)[0].plain_text
    finally:
        code, _ = await bot.stop()
    assert code == 0, bot.log
    assert "Traceback" not in bot.log
    assert (tmp_path / "data" / "encryption.key").exists()
    assert (tmp_path / "data" / "between.db").exists()


@pytest.mark.slow  # a real process
@pytest.mark.parametrize("module", ["bot", "storage.migrate"])
def test_invalid_settings_are_named_one_line_each(module: str, tmp_path: Path) -> None:
    result = run_module(
        module,
        tmp_path,
        TELEGRAM_BOT_TOKEN="123:abc",
        DATABASE_URL=sqlite_url(tmp_path),
        TICK_SECONDS="soon",
        WEBHOOK_PORT="70000",
        LOG_FORMAT="xml",
        WEBHOOK_SECRET="has spaces",
    )
    assert result.returncode == CONFIGURATION
    assert_one_clear_paragraph(result.stderr)
    lines = result.stderr.splitlines()
    for name, allowed in [
        ("TICK_SECONDS", "number"),
        ("WEBHOOK_PORT", "65535"),
        ("LOG_FORMAT", "json"),
        ("WEBHOOK_SECRET", "letters, digits"),
    ]:
        [line] = [line for line in lines if name in line]
        assert allowed in line, line
    assert "has spaces" not in result.stderr, "a secret's value is never echoed"


@pytest.mark.slow  # a real process
@pytest.mark.parametrize("module", ["bot", "storage.migrate"])
def test_a_malformed_env_line_is_one_paragraph_naming_it(module: str, tmp_path: Path) -> None:
    """A token pasted without its `=` must not start the sandbox as if there were none."""
    (tmp_path / ".env").write_text("TICK_SECONDS=5\nTELEGRAM_BOT_TOKEN 123:has-a-secret\n")
    result = run_module(module, tmp_path, DATABASE_URL=sqlite_url(tmp_path))
    assert result.returncode == CONFIGURATION, result.stderr
    assert_one_clear_paragraph(result.stderr)
    assert "line 2 (TELEGRAM_BOT_TOKEN…)" in result.stderr
    assert "has-a-secret" not in result.stderr
    assert "sandbox" not in result.stdout + result.stderr


@pytest.mark.slow  # a real process
def test_an_empty_value_means_not_set_in_the_environment_too(tmp_path: Path) -> None:
    result = run_module(
        "storage.migrate",
        tmp_path,
        DATABASE_URL=sqlite_url(tmp_path),
        WEBHOOK_SECRET="",
        WEBHOOK_URL="",
        ENCRYPTION_KEY="",
        TICK_SECONDS="",
        HEALTH_PORT="",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow  # a real process
async def test_telegram_refusing_the_token_says_so(api: FakeBotApi, tmp_path: Path) -> None:
    wrong = "999:not-the-token"
    bot = BotProcess(
        tmp_path,
        "bot",
        TELEGRAM_BOT_TOKEN=wrong,
        TELEGRAM_API_URL=api.base_url,
        DATABASE_URL=sqlite_url(tmp_path),
    )
    await bot.start()
    assert await bot.wait(30) == CONFIGURATION, bot.log
    assert "Telegram did not accept TELEGRAM_BOT_TOKEN" in bot.log
    assert_one_clear_paragraph(bot.log)
    assert wrong not in bot.log, "the token must never reach the output"


def test_telegram_unreachable_retries_then_explains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nobody = free_port()
    for key, value in bot_env(
        TELEGRAM_BOT_TOKEN="123:abc",
        TELEGRAM_API_URL=f"http://127.0.0.1:{nobody}/bot",
        DATABASE_URL=sqlite_url(tmp_path),
    ).items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(bot_main, "configure_logging", lambda *_: None)
    monkeypatch.setattr(runner, "CONNECT_ATTEMPTS", 3)
    monkeypatch.setattr(runner, "CONNECT_BACKOFF", 0.01)
    code = bot_main.main([])
    err = capsys.readouterr().err
    assert code != 0
    assert_one_clear_paragraph(err)
    attempts = [line for line in err.splitlines() if line.startswith("Telegram is not reachable")]
    assert len(attempts) == 3, err
    assert "TELEGRAM_API_URL" in err
    assert f"127.0.0.1:{nobody}" in err


def test_an_uncompiled_catalog_says_how_to_compile_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in bot_env(TELEGRAM_BOT_TOKEN="123:abc").items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(bot_main, "configure_logging", lambda *_: None)
    monkeypatch.setattr(language, "mo_path", lambda _: tmp_path / "between.mo")
    language._translations.cache_clear()
    language.words.cache_clear()
    try:
        code = bot_main.main([])
    finally:
        language._translations.cache_clear()
        language.words.cache_clear()
    err = capsys.readouterr().err
    assert code != 0
    assert_one_clear_paragraph(err)
    assert "make run" in err


@pytest.mark.slow  # a real process
@pytest.mark.parametrize("setting", ["HEALTH_PORT", "WEBHOOK_PORT"])
async def test_a_port_in_use_names_the_port_and_its_setting(
    setting: str, api: FakeBotApi, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ports = {"HEALTH_PORT": str(free_port()), "WEBHOOK_PORT": str(free_port())}
        ports[setting] = str(port)
        bot = BotProcess(
            tmp_path,
            "bot",
            TELEGRAM_BOT_TOKEN=api.token,
            TELEGRAM_API_URL=api.base_url,
            DATABASE_URL=sqlite_url(tmp_path),
            WEBHOOK_URL="https://example.org/hook",
            WEBHOOK_SECRET="s3cret",
            WEBHOOK_LISTEN="127.0.0.1",
            HEALTH_LISTEN="127.0.0.1",
            **ports,
        )
        await bot.start()
        assert await bot.wait(30) == CONFIGURATION, bot.log
    assert_one_clear_paragraph(bot.log)
    assert setting in bot.log
    assert str(port) in bot.log


@pytest.mark.slow  # a real process
@pytest.mark.parametrize("module", ["bot", "storage.migrate"])
def test_an_unreachable_database_is_one_paragraph(module: str, tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://between@127.0.0.1:{free_port()}/between"
    result = run_module(
        module, tmp_path, TELEGRAM_BOT_TOKEN="123:abc", DATABASE_URL=url, ENCRYPTION_KEY=""
    )
    assert result.returncode == CONFIGURATION, result.stderr
    assert_one_clear_paragraph(result.stderr)
    assert "DATABASE_URL" in result.stderr
    assert "127.0.0.1" in result.stderr

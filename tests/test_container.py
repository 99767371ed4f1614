"""The Dockerfile and compose.yaml, checked where Docker cannot run (this CI has no daemon):
compose.yaml parsed and every variable it sets checked against the settings; no key baked
into the image; the HEALTHCHECK script against the real /healthz; and the image's Python
steps (docker/install.sh) run for real in a temporary virtual environment.

PyYAML is not a dependency: `read_yaml` reads the block subset these files are written in
(mappings, sequences of scalars, quoted and flow-list scalars, whole-line comments), and
refuses anything else, so a file outside it fails here rather than being misread.
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.web import build_health_app
from config import Settings
from tests.harness import BotHarness
from tests.processes import ROOT, free_port

Line = tuple[int, str]


def read_yaml(text: str) -> Any:
    lines = [
        (len(raw) - len(raw.lstrip(" ")), raw.strip())
        for raw in text.splitlines()
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    value, end = _node(lines, 0, 0)
    assert end == len(lines), f"unexpected indentation at {lines[end][1]!r}"
    return value


def _node(lines: list[Line], start: int, indent: int) -> tuple[Any, int]:
    if lines[start][1].startswith("- "):
        items, at = [], start
        while at < len(lines) and lines[at][0] == indent and lines[at][1].startswith("- "):
            items.append(_scalar(lines[at][1][2:]))
            at += 1
        return items, at
    mapping: dict[str, Any] = {}
    at = start
    while at < len(lines) and lines[at][0] == indent:
        key, colon, rest = lines[at][1].partition(":")
        assert colon and key and " " not in key, f"not a mapping entry: {lines[at][1]!r}"
        assert key not in mapping, f"{key} twice"
        if rest.strip():
            mapping[key], at = _scalar(rest.strip()), at + 1
        elif at + 1 < len(lines) and lines[at + 1][0] > indent:
            mapping[key], at = _node(lines, at + 1, lines[at + 1][0])
        else:
            mapping[key], at = None, at + 1
    return mapping, at


def _scalar(text: str) -> Any:
    if text.startswith(("[", '"')):
        return json.loads(text)
    assert not text.startswith(("{", "'", "&", "*", "|", ">")), f"outside the subset: {text}"
    return text


def compose(name: str = "compose.yaml") -> dict[str, Any]:
    parsed: dict[str, Any] = read_yaml((ROOT / name).read_text())
    return parsed


def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    joined = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]


def test_compose_sets_only_real_settings_and_needs_nothing_but_the_token() -> None:
    services = compose()["services"]
    between, postgres = services["between"], services["postgres"]
    secret = compose("compose.secret.yaml")["services"]["between"]
    for name in [*between["environment"], *secret["environment"]]:
        assert name.lower() in Settings.model_fields, f"{name} is not a setting"
    environment = between["environment"]
    assert environment["TELEGRAM_BOT_TOKEN"].startswith("${TELEGRAM_BOT_TOKEN:?")
    for name, value in environment.items():  # every other one has a default, or is fixed
        assert name == "TELEGRAM_BOT_TOKEN" or ":?" not in value, name
    assert environment["WEBHOOK_URL"] == "${WEBHOOK_URL:-}", "polling unless WEBHOOK_URL"
    assert environment["ENCRYPTION_KEY"] == "${ENCRYPTION_KEY:-}", "the key is never written in"
    database = environment["DATABASE_URL"]
    assert database.startswith("postgresql+asyncpg://") and "@postgres:5432/" in database
    assert between["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert postgres["image"] == "postgres:15", "the image's pg_dump (bookworm's) is 15"
    volumes = compose()["volumes"]
    assert [v.split(":")[0] for v in between["volumes"] + postgres["volumes"]] == list(volumes)
    assert secret["environment"]["ENCRYPTION_KEY_FILE"] == "/run/secrets/encryption_key"
    assert secret["secrets"] == ["encryption_key"]


def test_the_image_runs_python_m_bot_without_root_and_with_no_key_in_it() -> None:
    instructions = dockerfile()
    assert instructions[0].startswith("FROM python:3.11-slim")
    assert 'ENTRYPOINT ["python", "-m", "bot"]' in instructions
    users = [line for line in instructions if line.startswith("USER ")]
    assert users and users[-1] != "USER root"
    assert any("docker/install.sh" in line for line in instructions if line.startswith("RUN"))
    assert not any("ENCRYPTION_KEY" in line for line in instructions if line.startswith("ENV"))
    ignored = (ROOT / ".dockerignore").read_text().split()
    for kept_out in (".env", "encryption.key", "data", ".git"):
        assert kept_out in ignored, f"{kept_out} would be copied into the image"
    [check] = [line for line in instructions if line.startswith("HEALTHCHECK")]
    assert "/opt/between/healthcheck.py" in check


async def test_the_healthcheck_passes_on_the_real_healthz_and_fails_without_it(
    bot: BotHarness, settings: Settings
) -> None:
    port = free_port()
    runner = web.AppRunner(build_health_app(bot.app))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()

    async def check() -> int:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "docker" / "healthcheck.py"),
            env={**os.environ, "HEALTH_PORT": str(port)},
            stderr=asyncio.subprocess.DEVNULL,
        )
        return await asyncio.wait_for(process.wait(), 30)

    try:
        assert await check() == 0
    finally:
        await runner.cleanup()
    assert await check() == 1


@pytest.mark.slow  # installs Between and its dependencies into a new virtual environment
def test_the_images_python_steps_install_a_between_that_migrates_and_has_its_catalogs(
    tmp_path: Path,
) -> None:
    """docker/install.sh on the files `COPY . /src` would copy (those git tracks), then the
    installed Between, run from elsewhere, finds its migrations and compiled catalogs."""
    source = tmp_path / "src"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in tracked:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    venv = tmp_path / "venv"
    subprocess.run(["sh", str(source / "docker" / "install.sh"), str(venv)], check=True)
    shutil.rmtree(source)  # as the image does: only the installed copy is left
    run = tmp_path / "run"
    run.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "DATABASE_URL": f"sqlite+aiosqlite:///{run / 'between.db'}",
        "DATA_DIR": str(run),
        "HEALTH_PORT": "0",
    }
    python = str(venv / "bin" / "python")
    for command in (
        [python, "-c", "from domain.language import check_catalogs; check_catalogs()"],
        [python, "-m", "storage.migrate"],
        [python, "-m", "bot", "status"],
    ):
        result = subprocess.run(command, cwd=run, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

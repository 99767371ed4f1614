"""The README and docs stand alone: every relative link, and every path written as
`../…`, resolves to a file in this repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CLIMBING = re.compile(r"`(\.\./[^`\s]+)`")  # a path named in code, from where it is written


def relative_targets(page: Path) -> list[str]:
    text = page.read_text()
    links = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:|#", t)]
    return links + CLIMBING.findall(text)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_relative_path_resolves_inside_the_repository(page: Path) -> None:
    for target in relative_targets(page):
        resolved = (page.parent / target.split("#", 1)[0]).resolve()
        assert resolved.is_relative_to(ROOT), f"{page.name}: {target} leaves the repository"
        assert resolved.exists(), f"{page.name}: {target} does not exist"

#!/bin/sh
# The image's Python steps (Dockerfile), and CI's check of them where Docker cannot run
# (tests/test_container.py): a virtual environment at $1 with Between installed, its
# catalogs compiled first so that the installed package carries them.
set -eu
venv="$1"
cd "$(dirname "$0")/.."
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --no-cache-dir .
"$venv/bin/pybabel" --quiet compile --domain between --directory domain/locales
"$venv/bin/pip" install --quiet --no-cache-dir --no-deps --force-reinstall .

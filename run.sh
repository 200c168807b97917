#!/usr/bin/env bash
# Set up a virtual environment with Flashpoint, then run the main job on the bundled sample corpus:
# code it into flashpoint.db, print a summary (documents, events, top dyads, alerts), write report.html.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/flashpoint demo "$@"

"""`readlist doctor`: reports a damaged library without changing it, repairs on request."""

from __future__ import annotations

import json

from readlist.service import Library
from tests.cli.conftest import Cli


def test_healthy_library(cli: Cli, sample: Library) -> None:
    run = cli("doctor")
    assert run.exit_code == 0
    assert "ok: generation" in run.stdout


def test_damage_is_reported_then_repaired(cli: Cli, sample: Library) -> None:
    store = sample.store
    papers = store.data_dir / store.head["files"]["papers-0000"]["name"]
    papers.write_bytes(papers.read_bytes()[:20])
    before = cli("list")
    assert before.exit_code == 3
    assert "newest good backup" in before.error_line()
    report = cli("doctor")
    assert report.exit_code == 3
    assert "truncated or damaged" in report.stdout and "doctor --repair" in report.stdout
    fixed = cli("doctor", "--repair", "--json")
    assert fixed.exit_code == 0
    data = json.loads(fixed.stdout)
    assert data["healthy"] and data["repaired"][0].startswith("restored")
    assert cli("list", "--json").exit_code == 0

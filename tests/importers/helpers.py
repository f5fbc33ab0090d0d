"""Helpers shared by the importer tests: fixture digests, seeds, detection."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from readlist.importers import REGISTRY, Importer, detect, get_importer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "digests"
SEEDS = Path("/work/shared/seeds")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seed(family: str) -> str | None:
    """The seed digest of a family ("000".."004"), None when the seeds are absent."""
    found = sorted(SEEDS.glob(f"{family}_*")) if SEEDS.is_dir() else []
    return found[0].read_text(encoding="utf-8") if found else None


def available() -> list[Importer]:
    """The registered importers whose modules exist so far, in detection order."""
    result = []
    for entry in REGISTRY:
        if importlib.util.find_spec(entry.module) is None:
            continue
        try:
            result.append(get_importer(entry.name))
        except ImportError:
            continue
    return result


def detected(text: str) -> str:
    """The name detect() picks; while some importers are missing, the same walk over the rest."""
    importers = available()
    if len(importers) == len(REGISTRY):
        return detect(text).name
    generic = [i for i in importers if i.name == "generic"]
    for importer in [i for i in importers if i.name != "generic"] + generic:
        if importer.sniff(text):
            return importer.name
    return "none"

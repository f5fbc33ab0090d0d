"""Every importer, fed random and mutated digests, raises nothing but its own parse error,
in linear-ish time; and the service turns any of it into a report or one clear error."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.errors import ReadlistError
from readlist.importers import REGISTRY, Importer, ParseError, get_importer
from readlist.paths import Home
from readlist.service import Library

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "digests").glob("*"))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SAMPLES = [p.read_text(encoding="utf-8") for p in FIXTURES] + [
    p.read_text(encoding="utf-8")[:20_000] for p in sorted(SEEDS.glob("*"))
]
IMPORTERS: list[Importer] = [get_importer(entry.name) for entry in REGISTRY]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real digest cut, spliced, with characters deleted, duplicated or inserted."""
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "delete", "dup", "insert", "splice"]))
        if kind == "cut":
            text = text[:at]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)):]
        elif kind == "dup":
            text = text[:at] + text[at : at + 300] * draw(st.integers(2, 5)) + text[at:]
        elif kind == "insert":
            junk = draw(st.sampled_from(["<", "&", "]]>", "<!--", "-->", "|", "](", "\x00",
                                         "\x1b[31m", "<item>", "</channel>", "```", "# ", "\n---\n",
                                         "<!ENTITY x 'y'>", "&#0;", "\ud7ff", "🔴"]))
            text = text[:at] + junk + text[at:]
        else:
            other = draw(st.sampled_from(SAMPLES))
            text = text[:at] + other[draw(st.integers(0, len(other))):]
    return text


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_mutated_digests_raise_only_parse_errors(importer: Importer, text: str) -> None:
    assert isinstance(importer.sniff(text), bool)
    try:
        draft = importer.parse(text)
    except ParseError:
        return
    assert draft.family == importer.name
    assert all(isinstance(p.title, str) for p in draft.papers)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_the_service_imports_or_refuses_in_one_line(tmp_path_factory: pytest.TempPathFactory,
                                                    text: str) -> None:
    lib = Library(Home.at(tmp_path_factory.mktemp("home")), durable=False)
    try:
        lib.import_text(text)
    except ReadlistError as exc:
        assert "\n" not in exc.message
        assert lib.store.generation == 0  # a refused digest changes nothing


def _cpu(importer: Importer, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        with contextlib.suppress(ParseError):
            importer.parse(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@pytest.mark.parametrize("unit", ["[", "*", "|", "#", "<", "](", "<!--", "- [", "&"])
def test_long_lines_take_linear_time(importer: Importer, unit: str) -> None:
    small = unit * 10_000
    large = unit * 40_000
    t_small, t_large = _cpu(importer, small), _cpu(importer, large)
    # 4x the input may cost up to ~4x (plus noise), never the 16x of quadratic work.
    assert t_large <= max(10 * t_small, 0.05), (t_small, t_large)


def test_an_oversized_feed_is_refused_with_its_limit() -> None:
    from readlist.importers import rss_reviews

    item = "<item><title>t</title><description>" + "x" * 1000 + "</description></item>"
    text = '<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>'
    text += item * (rss_reviews.MAX_FEED_CHARS // len(item) + 1) + "</channel></rss>"
    with pytest.raises(ParseError, match="readlist reads feeds up to 16 MiB"):
        get_importer("rss").parse(text)

"""A loopback server that behaves like the arXiv export API, and helpers to build Atom.

`FakeArxiv` answers `id_list` and `search_query` requests from `PAPERS`, in an order other
than the one asked (like the real API), and can be switched to misbehave: the API's Error
entry, an empty feed, 503 + Retry-After, an answer slower than any timeout, a one-byte-a-
second drip, a garbage or HTML body, a truncated feed, an endless body, a redirect loop.
It records every request (time and query) so tests can prove batching and spacing.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import httpx
import pytest

from readlist.arxiv import ArxivClient
from readlist.arxiv_cache import AnswerCache, RateLimiter
from readlist.ids import normalize_title
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.import_report import ParsedSource, content_hash

PAPERS: dict[str, dict[str, Any]] = {
    "2406.02543": {
        "version": 1,
        "title": "To Believe or Not to Believe Your LLM",
        "authors": ["Yasin Abbasi Yadkori", "Ilja Kuzborskij", "András György", "Csaba Szepesvári"],
        "abstract": "We explore uncertainty quantification in large language models (LLMs),\n  "
                    "with the goal to identify when uncertainty in responses given a query is large.",
        "published": "2024-06-04T17:58:18Z", "updated": "2024-06-04T17:58:18Z",
        "categories": ["cs.LG", "cs.AI", "cs.CL"],
        "comment": "22 pages", "journal_ref": None, "doi": None,
    },
    "2406.02539": {
        "version": 2,
        "title": "Parrot: Multilingual Visual\n  Instruction Tuning",
        "authors": ["Hai-Long Sun", "Da-Wei Zhou", "Yang Li"],
        "abstract": "The rapid development of Multimodal Large Language Models (MLLMs) like GPT-4V.",
        "published": "2024-06-04T17:56:28Z", "updated": "2024-08-01T10:00:00Z",
        "categories": ["cs.CV"],
        "comment": None, "journal_ref": None, "doi": None,
    },
    "2406.02537": {
        "version": 1,
        "title": "TopViewRS: Vision-Language Models as Top-View Spatial Reasoners",
        "authors": ["Chengzu Li", "Caiqi Zhang", "Han Zhou", "Nigel Collier", "Anna Korhonen", "Ivan Vulić"],
        "abstract": "Top-view perspective denotes a typical way in which humans read and reason over maps.",
        "published": "2024-06-04T17:55:43Z", "updated": "2024-06-04T17:55:43Z",
        "categories": ["cs.CL", "cs.AI", "cs.CV"],
        "comment": "9 pages, 3 figures", "journal_ref": "EMNLP 2024", "doi": "10.18653/v1/2024.emnlp-main.100",
    },
    "2404.16710": {
        "version": 3,
        "title": "LayerSkip: Enabling Early Exit Inference and Self-Speculative Decoding",
        "authors": ["Mostafa Elhoushi", "Akshat Shrivastava"],
        "abstract": "We present LayerSkip, an end-to-end solution to speed-up inference.",
        "published": "2024-04-25T16:20:23Z", "updated": "2024-10-18T00:00:00Z",
        "categories": ["cs.CL"], "comment": None, "journal_ref": None, "doi": None,
    },
    "2206.05224": {
        "version": 1,
        "title": "A Multi-Task Benchmark for Korean Legal Language Understanding and Judgement Prediction",
        "authors": ["Wonseok Hwang", "Dongjun Lee"],
        "abstract": "The recent advances of deep learning have dramatically changed how machine learning works.",
        "published": "2022-06-10T16:51:45Z", "updated": "2022-06-10T16:51:45Z",
        "categories": ["cs.CL"], "comment": None, "journal_ref": None, "doi": None,
    },
    "2402.10200": {
        "version": 2,
        "title": "Chain-of-Thought Reasoning Without Prompting",
        "authors": ["Xuezhi Wang", "Denny Zhou"],
        "abstract": "In enhancing the reasoning capabilities of large language models (LLMs).",
        "published": "2024-02-15T18:55:41Z", "updated": "2024-05-23T00:00:00Z",
        "categories": ["cs.CL"], "comment": None, "journal_ref": None, "doi": None,
    },
    "hep-th/9901001": {
        "version": 1,
        "title": "Old style paper",
        "authors": ["A. Physicist"],
        "abstract": "An abstract.",
        "published": "1999-01-01T00:00:00Z", "updated": "1999-01-01T00:00:00Z",
        "categories": ["hep-th"], "comment": None, "journal_ref": None, "doi": None,
    },
}

_WELL_FORMED = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def entry_xml(ident: str, paper: dict[str, Any]) -> str:
    """One <entry> the way the export API writes it."""
    versioned = f"{ident}v{paper['version']}"
    authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in paper["authors"])
    cats = "".join(f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>'
                   for c in paper["categories"])
    extra = ""
    for name in ("comment", "journal_ref", "doi"):
        if paper.get(name):
            extra += f"<arxiv:{name}>{escape(paper[name])}</arxiv:{name}>"
    return (
        f"<entry><id>http://arxiv.org/abs/{versioned}</id>"
        f"<updated>{paper['updated']}</updated><published>{paper['published']}</published>"
        f"<title>{escape(paper['title'])}</title><summary>  {escape(paper['abstract'])}\n</summary>"
        f"{authors}{extra}"
        f'<link href="http://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>'
        f'<link title="pdf" href="http://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf"/>'
        f'<arxiv:primary_category term="{paper["categories"][0]}" scheme="http://arxiv.org/schemas/atom"/>'
        f"{cats}</entry>"
    )


def feed_xml(entries: list[str], total: int | None = None) -> str:
    total = len(entries) if total is None else total
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
        ' xmlns:arxiv="http://arxiv.org/schemas/atom">'
        '<link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>'
        '<title type="html">ArXiv Query</title><id>http://arxiv.org/api/xyz</id>'
        "<updated>2024-06-05T00:00:00-04:00</updated>"
        f"<opensearch:totalResults>{total}</opensearch:totalResults>"
        "<opensearch:startIndex>0</opensearch:startIndex>"
        f"{''.join(entries)}</feed>\n"
    )


def error_feed(ident: str) -> str:
    """The API's answer to a malformed id: HTTP 200, one entry titled Error."""
    return feed_xml([
        f"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{ident}</id>"
        f"<title>Error</title><summary>incorrect id format for {ident}</summary>"
        "<updated>2024-06-05T00:00:00-04:00</updated>"
        f'<link href="http://arxiv.org/api/errors#incorrect_id_format_for_{ident}" rel="alternate" type="text/html"/>'
        "<author><name>arXiv api core</name></author></entry>"
    ], total=1)


def answer_ids(ids: list[str]) -> str:
    """What the API answers to `id_list`: known ids newest-id first, unknown ones left out."""
    for ident in ids:
        if not _WELL_FORMED.match(ident):
            return error_feed(ident)
    known = [i.split("v")[0] if "/" not in i else i for i in ids]
    found = sorted({i for i in known if i in PAPERS}, reverse=True)
    return feed_xml([entry_xml(i, PAPERS[i]) for i in found], total=len(ids))


def answer_search(query: str) -> str:
    """A crude `ti:` search: a "phrase" must appear in the title; OR'ed words rank by overlap."""
    phrase = re.fullmatch(r'ti:"(.*)"', query)
    scored: list[tuple[int, str]] = []
    for ident, paper in PAPERS.items():
        title = normalize_title(paper["title"])
        if phrase:
            if phrase.group(1) in title:
                scored.append((1, ident))
        else:
            words = set(re.findall(r"ti:(\S+)", query))
            hits = len(words & set(title.split()))
            if hits:
                scored.append((hits, ident))
    scored.sort(key=lambda s: -s[0])
    return feed_xml([entry_xml(i, PAPERS[i]) for _, i in scored])


@dataclass
class Reply:
    """A scripted answer, played before the server goes back to its mode."""

    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class FakeArxiv:
    """The loopback API server. `mode` picks the behaviour; `script` plays replies first."""

    def __init__(self) -> None:
        self.mode = "normal"
        self.script: list[Reply] = []
        self.requests: list[tuple[float, dict[str, str], dict[str, str]]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                with server.lock:
                    server.requests.append((time.monotonic(), query, dict(self.headers)))
                    reply = server.script.pop(0) if server.script else None
                server.handle(self, query, reply)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/query"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def count(self) -> int:
        return len(self.requests)

    def send(self, h: BaseHTTPRequestHandler, status: int, body: bytes,
             headers: dict[str, str] | None = None, ctype: str = "application/atom+xml") -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def handle(self, h: BaseHTTPRequestHandler, query: dict[str, str], reply: Reply | None) -> None:
        if reply is not None:
            self.send(h, reply.status, reply.body.encode(), reply.headers)
            return
        mode = self.mode
        if mode == "slow":  # slower than any timeout: answers only when the test ends
            self.stop.wait(60)
            return
        if mode == "drip":  # headers, then one byte at a time, never finishing
            h.send_response(200)
            h.send_header("Content-Type", "application/atom+xml")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            while not self.stop.wait(0.2):
                try:
                    h.wfile.write(b" ")
                    h.wfile.flush()
                except OSError:
                    return
            return
        if mode == "huge":  # an endless body without a length
            h.send_response(200)
            h.send_header("Content-Type", "application/atom+xml")
            h.end_headers()
            chunk = b"<feed>" + b"x" * 65536
            while not self.stop.is_set():
                try:
                    h.wfile.write(chunk)
                except OSError:
                    return
            return
        if mode == "redirect":
            self.send(h, 302, b"", {"Location": self.url + "?loop=1"})
            return
        if mode == "garbage":
            self.send(h, 200, b"Rate exceeded.", ctype="text/plain")
            return
        if mode == "html":
            self.send(h, 200, b"<!DOCTYPE html><html><body>Service down</body></html>", ctype="text/html")
            return
        if mode == "empty":
            self.send(h, 200, feed_xml([], total=0).encode())
            return
        if mode == "error":
            self.send(h, 200, error_feed(query.get("id_list", "x").split(",")[0]).encode())
            return
        if "id_list" in query:
            body = answer_ids(query["id_list"].split(","))
        else:
            body = answer_search(query.get("search_query", ""))
        if mode == "truncated":
            body = body[: len(body) * 2 // 3]
        self.send(h, 200, body.encode())

    def start(self) -> FakeArxiv:
        self.thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def arxiv_server() -> Iterator[FakeArxiv]:
    server = FakeArxiv().start()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def arxiv_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private READLIST_HOME; a developer's own READLIST_ARXIV_API never leaks in."""
    root = tmp_path / "home"
    monkeypatch.setenv("READLIST_HOME", str(root))
    monkeypatch.delenv("READLIST_ARXIV_API", raising=False)
    monkeypatch.delenv("READLIST_DEBUG", raising=False)
    return root


@pytest.fixture
def api_home(arxiv_server: FakeArxiv, arxiv_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """READLIST_HOME whose config points readlist at the loopback server, fast and short."""
    arxiv_home.mkdir(parents=True, exist_ok=True)
    (arxiv_home / "config.toml").write_text("[arxiv]\ndelay = 0.05\ntimeout = 2\n", encoding="utf-8")
    monkeypatch.setenv("READLIST_ARXIV_API", arxiv_server.url)
    return arxiv_home


@pytest.fixture
def lib(api_home: Path) -> Library:
    """The library of `api_home`."""
    return Library(Home.at(api_home), durable=False)


def add_digest(library: Library, family: str, papers: list[PaperDraft], name: str = "digest") -> None:
    """Import a digest the way an importer's drafts arrive."""
    text = name + "|".join(p.title + str(p.arxiv) for p in papers)
    draft = DigestDraft(family, papers, title=name)
    library.apply_parsed([ParsedSource(f"/digests/{name}.md", name, content_hash(text), draft)])


class FakeClock:
    """A clock and a sleep that only pretend: sleeping advances the clock instantly."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


MakeClient = Callable[..., ArxivClient]


@pytest.fixture
def mock_client(clock: FakeClock, tmp_path: Path) -> MakeClient:
    """`mock_client(handler, **options)`: an ArxivClient over httpx.MockTransport(handler),
    with the fake clock's 3-second spacing and no cache unless `cache=True`."""

    def make(handler: Callable[[httpx.Request], httpx.Response], *, cache: bool = False,
             **options: Any) -> ArxivClient:
        limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep)
        return ArxivClient(
            "https://export.arxiv.org/api/query",
            transport=httpx.MockTransport(handler),
            limiter=limiter,
            cache=AnswerCache(tmp_path / "cache", clock=clock) if cache else None,
            **options,
        )

    return make


def api_handler(calls: list[httpx.Request] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    """A MockTransport handler answering like the API from PAPERS."""

    def handle(request: httpx.Request) -> httpx.Response:
        if calls is not None:
            calls.append(request)
        params = request.url.params
        if "id_list" in params:
            body = answer_ids(params["id_list"].split(","))
        else:
            body = answer_search(params.get("search_query", ""))
        return httpx.Response(200, text=body, headers={"Content-Type": "application/atom+xml"})

    return handle

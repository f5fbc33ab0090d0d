"""Network access: URL fetching for imports (and, later, the arXiv API client).

The only module that imports httpx. Every failure becomes a one-line NetworkError.
"""

from __future__ import annotations

import time

import httpx

from readlist import __version__
from readlist.errors import NetworkError

USER_AGENT = f"readlist/{__version__} (terminal paper-digest reader; https://github.com/readlist/readlist)"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
#: No single fetch may take longer than this, however slowly the server drips bytes.
DEADLINE = 30.0


def fetch_bytes(
    url: str,
    *,
    max_bytes: int,
    transport: httpx.BaseTransport | None = None,
    deadline: float = DEADLINE,
) -> bytes:
    """GET `url` and return its body, bounded in size and time."""
    start = time.monotonic()
    try:
        with httpx.Client(
            transport=transport,
            timeout=TIMEOUT,
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": USER_AGENT},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise NetworkError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise NetworkError(f"{url}: larger than {max_bytes // 2**20} MiB, refused")
                if time.monotonic() - start > deadline:
                    raise NetworkError(f"{url}: took longer than {deadline:.0f} s, gave up")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TooManyRedirects:
        raise NetworkError(f"{url}: too many redirects") from None
    except httpx.TimeoutException:
        raise NetworkError(f"{url}: timed out") from None
    except httpx.InvalidURL:
        raise NetworkError(f"{url}: not a valid URL") from None
    except httpx.HTTPError as exc:
        raise NetworkError(f"{url}: {exc.__class__.__name__}: {exc}") from None

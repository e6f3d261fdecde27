"""Fetch one URL to a file: conditional, with timeouts, retries with backoff, checked to the byte.

httpx takes proxies from the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``) and
follows redirects. A response is refused when it is an HTML page (a portal's error or login
page served with status 200) or shorter than its ``Content-Length`` (a connection cut off).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from exportscreen import __version__
from exportscreen.feeds import ListError

USER_AGENT = f"exportscreen/{__version__} (+lists update)"
DEFAULT_TIMEOUT = 60.0  # seconds to connect, and between two reads of the body
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF = 1.0  # seconds before the second attempt; doubled for each further one
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_CHUNK = 1 << 16

# Progress callback: bytes received so far, and the total when the server said it.
Progress = Callable[[int, int | None], None]


class DownloadError(ListError):
    """A URL could not be fetched whole; the message names it and says what went wrong."""


@dataclass(frozen=True)
class Fetched:
    url: str
    not_modified: bool
    etag: str = ""
    last_modified: str = ""
    sha256: str = ""
    bytes: int = 0
    final_url: str = ""


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        trust_env=True,
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    client: httpx.Client,
    url: str,
    dest: Path,
    *,
    etag: str = "",
    last_modified: str = "",
    attempts: int = DEFAULT_ATTEMPTS,
    backoff: float = DEFAULT_BACKOFF,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Fetched:
    """Download `url` into `dest`, or report it not modified since `etag` / `last_modified`.

    Connection errors, timeouts and 429/5xx answers are retried `attempts` times in all, waiting
    `backoff`, then twice as long, and so on. Any other failure raises DownloadError at once.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    problem = ""
    for attempt in range(attempts):
        if attempt:
            sleep(backoff * 2 ** (attempt - 1))
        try:
            return _fetch_once(client, url, dest, headers, progress)
        except _RetryableError as exc:
            problem = str(exc)
        except httpx.TimeoutException:
            problem = "timed out"
        except httpx.RemoteProtocolError as exc:
            problem = f"truncated: the connection closed before the whole file arrived ({exc})"
        except httpx.TransportError as exc:
            problem = f"{type(exc).__name__}: {exc}"
    tries = "once" if attempts == 1 else f"{attempts} times"
    raise DownloadError(f"{url}: {problem} (tried {tries})")


class _RetryableError(Exception):
    pass


def _fetch_once(
    client: httpx.Client, url: str, dest: Path, headers: dict[str, str], progress: Progress | None
) -> Fetched:
    with client.stream("GET", url, headers=headers) as response:
        final = str(response.url) if str(response.url) != url else ""
        if response.status_code == 304:
            return Fetched(url, True, etag=headers.get("If-None-Match", ""), final_url=final)
        if response.status_code in _RETRY_STATUS:
            raise _RetryableError(f"HTTP {response.status_code} {response.reason_phrase}")
        if response.status_code != 200:
            raise DownloadError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        content_type = response.headers.get("content-type", "").lower()
        if content_type.startswith(("text/html", "application/xhtml")):
            raise DownloadError(f"{url}: the server sent an HTML page ({content_type}), not a list")
        expected = _content_length(response)
        digest = hashlib.sha256()
        received = 0
        with dest.open("wb") as out:
            for chunk in response.iter_bytes(_CHUNK):
                if received == 0 and looks_like_html(chunk):
                    raise DownloadError(f"{url}: the server sent an HTML page, not a list")
                out.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                if progress is not None:
                    progress(received, expected)
        encoded = response.num_bytes_downloaded
        if expected is not None and encoded < expected:
            raise _RetryableError(f"truncated: {encoded} of {expected} bytes received")
        if received == 0:
            raise DownloadError(f"{url}: the server sent an empty file")
        return Fetched(
            url,
            False,
            etag=response.headers.get("etag", ""),
            last_modified=response.headers.get("last-modified", ""),
            sha256=digest.hexdigest(),
            bytes=received,
            final_url=final,
        )


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def looks_like_html(head: bytes) -> bool:
    """True for the start of an HTML document (after any byte-order mark and white space)."""
    start = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))

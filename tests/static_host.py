"""A static web host for the browser tests: a built site served under a sub-path
(http://127.0.0.1:<free port>/referentiel/) by a thread of the test process, with the cache
headers of a common host (GitHub Pages: ``max-age=600``). It counts the bytes it sends, by
path, so that a test can tell what the browser fetched.

The site folder is looked up at each request: a rebuild that swaps the folder is served at
once, as a host serves a new upload.
"""

from __future__ import annotations

import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX = "/referentiel/"


class _Handler(SimpleHTTPRequestHandler):
    host: StaticHost

    def translate_path(self, path: str) -> str:
        rel = unquote(urlsplit(path).path)
        if not rel.startswith(PREFIX):
            return str(self.host.site / "__hors-du-site__")
        return super().translate_path("/" + rel[len(PREFIX):])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.host.sent[urlsplit(self.path).path] += len(data)
        outputfile.write(data)

    def log_message(self, *args) -> None:
        pass


class StaticHost:
    """``with StaticHost(site) as host: page.goto(host.url + "index.html")``."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.sent: Counter[str] = Counter()

    def __enter__(self) -> StaticHost:
        handler = type("Handler", (_Handler,), {"host": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0),
                                          partial(handler, directory=str(self.site)))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{PREFIX}"

    def bytes_sent(self) -> int:
        return sum(self.sent.values())

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

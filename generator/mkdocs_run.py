"""The MkDocs subprocess: started early, released when the pages are written, finished into
a staging folder that replaces the site only on success.

MkDocs is started before generation: it imports MkDocs, Material and the Markdown extensions
while the pages are generated (two cores: the engine's start-up no longer adds to the
generator's time), then runs « mkdocs build --strict » when told « go ». ``MkDocsBuild`` is a
context manager: whatever happens in between (invalid data, an exception, Ctrl+C, SIGTERM,
SIGHUP), leaving the ``with`` block stops the process and removes the staging folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from .arrets import sans_interruption
from .outputs import MARKER_TEXT, SITE_MARKER, failure_reason
from .write import Lisible, replace_dir, write_tree

_MKDOCS_RUNNER = """\
import importlib, sys
for name in ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults",
             "mkdocs.contrib.search", "material.plugins.search.plugin",
             "material.plugins.offline.plugin", "babel.dates", "babel.support",
             "pygments.formatters", "pymdownx.snippets", "markdown.extensions.abbr",
             "markdown.extensions.admonition", "markdown.extensions.attr_list",
             "markdown.extensions.md_in_html", "markdown.extensions.tables",
             "markdown.extensions.toc", "markdown.extensions.codehilite",
             "markdown.extensions.fenced_code"):
    try:
        importlib.import_module(name)
    except Exception:
        pass
if sys.stdin.readline().strip() != "go":
    sys.exit(0)
sys.argv = ["mkdocs", *sys.argv[1:]]
from mkdocs.__main__ import cli
cli()
"""


# mkdocs.yml reads the site's public address (``build --base-url``) from this variable.
SITE_URL_VARIABLE = "CIP_SITE_URL"


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    return env


def staging_dir(site_dir: Path) -> Path:
    """The temporary folder beside the site that MkDocs builds into."""
    return site_dir.resolve().with_name(f".{site_dir.resolve().name}.construction")


class MkDocsFailed(Exception):
    """« mkdocs build --strict » failed; the message holds its warnings and errors."""


class MkDocsBuild:
    """``with MkDocsBuild(config, root, site_dir) as mkdocs: …; mkdocs.release(); …;
    mkdocs.finish(extra)``. Leaving the block without ``finish`` cancels MkDocs (or kills
    it once released) and removes the staging folder."""

    def __init__(self, config: Path, root: Path, site_dir: Path,
                 site_url: str | None = None) -> None:
        self.config = config
        self.site_url = site_url
        self.root = root
        self.site_dir = site_dir
        self.staging = staging_dir(site_dir)
        self.proc: subprocess.Popen[str] | None = None
        self.released = False
        self._reader: threading.Thread | None = None
        self._output: tuple[str, str] = ("", "")

    def __enter__(self) -> MkDocsBuild:
        # Not --quiet: it hides warnings from the counter that makes --strict fail.
        command = [sys.executable, "-c", _MKDOCS_RUNNER, "build", "--strict",
                   "-f", str(self.config), "-d", str(self.staging)]
        env = mkdocs_env()
        env.pop(SITE_URL_VARIABLE, None)
        if self.site_url:
            env[SITE_URL_VARIABLE] = self.site_url
        self.proc = subprocess.Popen(command, cwd=self.root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        return self

    def release(self, on_done: Callable[[], object] | None = None) -> None:
        """The pages are written: MkDocs builds now (in the background), its output read by
        a thread that calls ``on_done`` when MkDocs has ended (its core is free again)."""
        proc = self.proc
        assert proc is not None and proc.stdin is not None
        if self.staging.exists():
            shutil.rmtree(self.staging)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        self.released = True

        def read() -> None:
            self._output = proc.communicate()
            if on_done is not None:
                on_done()

        self._reader = threading.Thread(target=read, daemon=True, name="mkdocs")
        self._reader.start()

    def finish(self, extra: Mapping[PurePosixPath, Lisible] | None = None,
               complete: Callable[[Path], object] | None = None) -> None:
        """Wait for MkDocs; on success add ``extra`` files to the new site, let ``complete``
        finish it (given its folder), and swap it in. Raises ``MkDocsFailed`` with MkDocs'
        warnings and errors."""
        proc = self.proc
        assert proc is not None
        if self._reader is not None:  # a stop meanwhile: ``__exit__`` ends MkDocs
            self._reader.join()
            self._reader = None
            stdout, stderr = self._output
        else:
            stdout, stderr = proc.communicate()
        self.proc = None
        if proc.returncode != 0:
            output = "\n".join(
                line for line in (stdout + stderr).splitlines()
                if line.startswith(("WARNING", "ERROR"))
            )
            if output:
                raise MkDocsFailed(f"MkDocs a échoué (mode strict) :\n{output}")
            # No warning: MkDocs stopped on an error (full disk…), said in its traceback.
            raise MkDocsFailed(f"MkDocs a échoué : {failure_reason(stderr or stdout)}")
        # The marker tells the next build that this folder is a site it may replace.
        write_tree(self.staging, {**(extra or {}), PurePosixPath(SITE_MARKER): MARKER_TEXT},
                   prune=False)
        if complete is not None:
            complete(self.staging)
        with sans_interruption():  # a stop waits for the new site to be in place
            replace_dir(self.staging, self.site_dir.resolve())

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Cancel MkDocs before its build (it stops after its imports), or kill it: once
        released, or when leaving on an exception (a stop: nothing is waited for)."""
        proc, self.proc = self.proc, None
        reader, self._reader = self._reader, None
        try:
            if proc is not None:
                if self.released or exc_type is not None:
                    proc.kill()
                    if reader is not None:
                        reader.join()
                    else:
                        proc.communicate()
                else:
                    proc.communicate("stop\n")
        finally:
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
            shutil.rmtree(self.staging, ignore_errors=True)

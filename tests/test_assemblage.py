"""One script and one stylesheet per page: the sources assembled in their order, a module that
fails at load not stopping the next ones (in Chromium), a source map that finds each line's
module, and the built site loading only the assembled files."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import pytest
from playwright.sync_api import Browser

from generator import assemblage
from generator.load import read_content

from .conftest import ROOT
from .site_helpers import BuiltSite

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]

CONTENT = ROOT / "content"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _real_sources() -> dict[PurePosixPath, str]:
    result = read_content(CONTENT, "referentiel", ROOT, code=assemblage.sources())
    assert result.diagnostics == []
    return result.code


def _decode_mappings(mappings: str) -> list[tuple[int, int] | None]:
    """(source index, source line) of each generated line's first segment (None: no segment).
    Written from the source map specification, apart from the generator's encoder."""
    out: list[tuple[int, int] | None] = []
    source = line = 0
    for group in mappings.split(";"):
        if not group:
            out.append(None)
            continue
        values, shift, value = [], 0, 0
        for char in group.split(",")[0]:
            digit = _B64.index(char)
            value += (digit & 31) << shift
            if digit & 32:
                shift += 5
                continue
            values.append(-(value >> 1) if value & 1 else value >> 1)
            shift = value = 0
        source += values[1]
        line += values[2]
        out.append((source, line))
    return out


def test_every_line_of_the_script_maps_back_to_its_module() -> None:
    texts = _real_sources()
    code, source_map = assemblage.script(texts)
    parsed = json.loads(source_map)
    assert parsed["sources"] == list(assemblage.SCRIPTS)
    assert code.rstrip("\n").endswith("//# sourceMappingURL=cip-site.js.map")
    generated = code.split("\n")
    origins = _decode_mappings(parsed["mappings"])
    mapped = 0
    for number, origin in enumerate(origins):
        if origin is None:
            continue
        source = texts[PurePosixPath("javascripts") / parsed["sources"][origin[0]]]
        assert generated[number] == source.split("\n")[origin[1]]
        mapped += 1
    assert mapped == sum(len(t.rstrip("\n").split("\n")) for p, t in texts.items()
                         if p.suffix == ".js")


def test_the_stylesheet_keeps_every_rule_in_order() -> None:
    texts = _real_sources()
    css = assemblage.stylesheet(texts)
    positions = [css.index(texts[PurePosixPath("stylesheets") / name].strip())
                 for name in assemblage.STYLES]
    assert positions == sorted(positions)


def test_a_missing_source_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "content" / "javascripts").mkdir(parents=True)
    (tmp_path / "content" / "javascripts" / "cip.js").write_text("x", encoding="utf-8")
    result = read_content(tmp_path / "content", "referentiel", tmp_path, code=(
        PurePosixPath("javascripts/cip.js"), PurePosixPath("javascripts/absent.js")))
    assert [d.format() for d in result.diagnostics] == [
        "content/javascripts/absent.js: error[file.missing]: fichier absent : chaque page du "
        "site charge ce script ou ce style"]
    assert result.code == {PurePosixPath("javascripts/cip.js"): "x"}


@pytest.mark.browser
def test_a_module_failing_at_load_leaves_the_next_ones_running(browser: Browser,
                                                                tmp_path: Path) -> None:
    names = ("a.js", "b.js", "c.js")
    texts = {PurePosixPath("javascripts") / "a.js": "(function () { window.vus = ['a']; })();\n",
             PurePosixPath("javascripts") / "b.js":
                 "(function () { window.vus.push('b'); null.panne; })();\n",
             PurePosixPath("javascripts") / "c.js": "(function () { window.vus.push('c'); })();"}
    code, _ = assemblage.script(texts, names)
    (tmp_path / "s.js").write_text(code, encoding="utf-8")
    (tmp_path / "p.html").write_text("<!doctype html><title>t</title><script src=s.js></script>",
                                     encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "p.html").as_uri())
    page.wait_for_function("() => true")
    page.wait_for_timeout(50)  # the error is thrown again from a timer
    assert page.evaluate("window.vus") == ["a", "b", "c"]
    assert len(errors) == 1 and "null" in errors[0]
    page.close()


def test_pages_load_the_assembled_files_only(real_site: BuiltSite) -> None:
    site = real_site.site
    assert sorted(p.name for p in (site / "javascripts").iterdir()) == [
        "cip-site.js", "cip-site.js.map", "minisearch.LICENSE.txt"]
    assert sorted(p.name for p in (site / "stylesheets").iterdir()) == ["cip-site.css"]
    page = (site / "referentiel" / "competences" / "cp01.html").read_text("utf-8")
    ours = re.findall(r'<script src="(?!\.\./\.\./assets/)([^"]+)"', page)
    assert ours == ["../../javascripts/cip-site.js"]
    styles = re.findall(r'<link rel="stylesheet" href="(?!\.\./\.\./assets/)([^"]+)"', page)
    assert styles == ["../../stylesheets/cip-site.css"]
    code = (site / "javascripts" / "cip-site.js").read_text("utf-8")
    for name, licence in assemblage.LICENCES.items():  # a vendored library names its licence,
        assert f"/* {name} (licence et provenance : {licence}) */" in code  # published beside
        assert (site / "javascripts" / licence).is_file()
    worker = (site / "sw.js").read_text("utf-8")
    assert '"javascripts/cip-site.js"' in worker and "cip-site.js.map" not in worker

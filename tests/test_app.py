"""The built site as an app, read as a browser and a host read it: the public address option,
the manifest and its icons, the Content-Security-Policy of every page, the service worker's
lists. Browser behaviour (offline, update, CSP in action) is in tests/test_browser_app.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.app import (
    BaseUrlError,
    content_security_policy,
    inline_script_hashes,
    parse_base_url,
    with_csp,
)
from generator.search import INDEX_SCRIPT

from .site_helpers import ROOT, BuiltSite, shared_build

pytest_plugins = ["tests.conftest_site"]

BASE_URL = "https://ecole.example/referentiel/"


@pytest.fixture(scope="session")
def with_base_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base framework built with ``--base-url`` (and without the PDFs), once per test run
    whatever the number of test processes: the site, read-only."""
    from .site_helpers import BASE_FRAMEWORK

    built = shared_build(tmp_path_factory, "site-adresse", lambda _: BASE_FRAMEWORK,
                         extra_args=["--base-url", BASE_URL.rstrip("/"), "--skip-pdf"])
    assert built.proc.returncode == 0, built.proc.stdout + built.proc.stderr
    return built.site


# -- the option --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, said", [
    ("ecole.example/referentiel/", "adresse complète attendue, commençant par https://"),
    ("ftp://ecole.example/", "adresse complète attendue, commençant par https://"),
    ("https:///referentiel/", "adresse complète attendue"),
    ("https://ecole.example/referentiel/?v=2", "ni « ? » ni « # »"),
    ("https://ecole.example/referentiel/#haut", "ni « ? » ni « # »"),
    ("https://moi:secret@ecole.example/", "ni identifiant ni mot de passe"),
    ("https://ecole.example:port/", "port invalide"),
    ("https://ecole.example/mon site/", "contenant un espace"),
    ("", "adresse vide"),
])
def test_a_malformed_base_url_is_a_usage_error(value: str, said: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--base-url", value],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stderr.startswith("python -m generator build : erreur : --base-url : ")
    assert said in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_base_url_is_normalised() -> None:
    assert parse_base_url("https://ecole.example/referentiel") == BASE_URL
    assert parse_base_url("http://localhost:8000") == "http://localhost:8000/"
    with pytest.raises(BaseUrlError):
        parse_base_url("javascript:alert(1)")


def test_the_site_keeps_relative_links_with_a_base_url(with_base_url: Path) -> None:
    home = (with_base_url / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE_URL}index.html">' in home
    assert f"<loc>{BASE_URL}referentiel/titre.html</loc>" in (
        with_base_url / "sitemap.xml").read_text(encoding="utf-8")
    canonical = re.compile(r'<link rel="canonical" href="[^"]*">')
    for page in with_base_url.rglob("*.html"):
        text = canonical.sub("", page.read_text(encoding="utf-8"))
        links = re.findall(r'(?:href|src)="([^"]*)"', text)
        absolute = [link for link in links if link.startswith("/") or "ecole.example" in link]
        assert absolute == [], f"{page.relative_to(with_base_url)} : {absolute}"


# -- manifest and icons ----------------------------------------------------------------------------

def test_the_manifest_makes_an_installable_french_app(real_site: BuiltSite) -> None:
    site = real_site.site
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "fr"
    assert manifest["name"] == "Référentiel CIP et parcours en ACI"
    assert manifest["short_name"] == "Réf. CIP"
    assert manifest["start_url"] == manifest["scope"] == "./"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {}
    for entry in manifest["icons"]:
        with Image.open(site / entry["src"]) as image:
            assert f"{image.width}x{image.height}" == entry["sizes"]
            assert image.format == "PNG"
        sizes[entry["purpose"]] = sizes.get(entry["purpose"], set()) | {entry["sizes"]}
    assert sizes == {"any": {"192x192", "512x512"}, "maskable": {"512x512"}}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="manifest.webmanifest">' in home
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in home
    assert '<link rel="apple-touch-icon" href="assets/app/apple-touch-icon.png">' in home
    page = (site / "referentiel" / "competences" / "cp01.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in page


def test_the_maskable_icon_keeps_its_drawing_in_the_safe_zone(real_site: BuiltSite) -> None:
    with Image.open(real_site.site / "assets/app/icone-masquable-512.png") as image:
        rgb = image.convert("RGB")
        background = rgb.getpixel((0, 0))
        drawn = [(x, y) for x in range(0, 512, 4) for y in range(0, 512, 4)
                 if rgb.getpixel((x, y)) != background]
    # the safe zone of a maskable icon: the circle of radius 40 % around the centre
    assert drawn and all((x - 256) ** 2 + (y - 256) ** 2 <= (0.4 * 512) ** 2 for x, y in drawn)


# -- Content-Security-Policy --------------------------------------------------------------------

CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_page_carries_its_policy_first(real_site: BuiltSite) -> None:
    pages = list(real_site.site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = CSP.findall(text)
        assert len(found) == 1, page
        head = text[:text.index("<meta http-equiv")]
        assert "<script" not in head and "<link" not in head, page
        policy = found[0]
        # only the site's own scripts, and exactly the inline scripts of this page
        scripts = re.search(r"script-src ([^;]*);", policy).group(1).split()
        assert scripts[0] == "'self'"
        assert sorted(scripts[1:]) == sorted(f"'sha256-{h}'" for h in
                                             inline_script_hashes(text)), page
        for forbidden in ("unsafe-inline", "unsafe-eval", "http:", "https:", "*"):
            assert forbidden not in policy, (page, forbidden)
        # what the policy would block: style attributes, event handlers, javascript: links
        body = re.sub(r"<script\b.*?</script>", "", text, flags=re.DOTALL)
        assert not re.findall(r'<[^>]*\s(?:style|on[a-z]+)="[^>]*>|href="javascript:', body), page


def test_the_policy_hashes_the_inline_code_exactly() -> None:
    page = ('<html><head><meta charset="utf-8"><script>var a = 1;</script>'
            '<script src="x.js"></script><script type="application/json">{"a": 1}</script>'
            "</head><body><script>var a = 1;</script></body></html>")
    digest = base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode()
    assert inline_script_hashes(page) == [digest]
    out = with_csp(page)
    assert out.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security'
                          f'-Policy" content="{content_security_policy([digest])}">')
    assert with_csp(out) == out  # a page built twice keeps one policy


def test_the_host_headers_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Mettre le site en ligne"):]
    for header in ("Content-Security-Policy", "X-Content-Type-Options: nosniff",
                   "Referrer-Policy"):
        assert header in section
    assert "--base-url" in section


# -- the service worker's lists ----------------------------------------------------------------

def _lists(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"self\.CIP_BUILD = (.*);\n", text).group(1))


def test_the_worker_lists_every_page_asset_and_index_with_its_hash(real_site: BuiltSite) -> None:
    site = real_site.site
    build = _lists(site)
    precache, later = build["files"]["precache"], build["files"]["later"]
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert pages <= set(precache)
    assert str(INDEX_SCRIPT) in precache
    assert "manifest.webmanifest" in precache and "hors-ligne.html" in precache
    assert not [p for p in precache if p.endswith((".pdf", ".zip", ".map"))]
    pdfs = {p.relative_to(site).as_posix() for p in site.rglob("*.pdf")}
    assert pdfs and pdfs <= set(later)
    for rel, (digest, size) in {**precache, **later}.items():
        data = (site / rel).read_bytes()
        assert len(data) == size, rel
        assert base64.b64encode(hashlib.sha256(data).digest()).decode() == digest, rel
    # the worker's version changes with the files, and only with them
    assert re.fullmatch(r"[0-9a-f]{16}", build["version"])


def test_a_page_without_inline_code_gets_a_bare_policy() -> None:
    page = "<!doctype html><html><head><title>x</title></head><body></body></html>"
    out = with_csp(page)
    assert "script-src 'self';" in out
    assert out.index("Content-Security-Policy") < out.index("<title>")

"""The built site as an installable offline app: pure functions from the files MkDocs built
to the files the write phase adds or replaces (``app_files``).

- A Content-Security-Policy ``<meta>`` in every HTML page (it applies from disk too): the
  site's own scripts and styles only, plus the sha256 of each inline script the page holds
  (Material's few lines), no ``eval``, no other origin.
- A web app manifest in French and its icons (drawn with Pillow: no font, no file to vendor).
- ``sw.js``: the service worker, with the build's precache list (path → sha256 and size):
  every page, asset and search index; PDFs and archives are cached on first open.

No absolute link anywhere: the manifest's URLs are relative to it, the worker's to its scope.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

SERVICE_WORKER = PurePosixPath("sw.js")
MANIFEST = PurePosixPath("manifest.webmanifest")
ICONS = PurePosixPath("assets/app")
OFFLINE_PAGE = "hors-ligne.html"
THEME_COLOR = "#4051b5"  # Material's « indigo », the site's header
_TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
SW_SOURCE = _TEMPLATES / "app" / "sw.js"
# The theme override (main.html, partials/search.html…), copied beside the generated
# navigation: mkdocs.yml names it « .generated/theme », which every copy of the project has
# once generated (no link to site_templates/ needed in a test or bench project).
THEME = _TEMPLATES / "theme"

# Cached on first open (or all of a CCP at once), never precached: grids and downloads.
_LATER = re.compile(r"\.(pdf|zip|csv)$|^(?!search/).*\.json$")
# Never cached: the worker itself, files for search engines, the build's marker, source maps,
# and Material's own search engine (lunr and its worker), which no page loads: the site
# searches with its own index (javascripts/cip-recherche.js).
_NEVER = re.compile(r"^(sw\.js|sitemap\.xml(\.gz)?|\.[^/]*|404\.html)$|\.map$"
                    r"|^assets/javascripts/(lunr|workers)/")


class BaseUrlError(ValueError):
    """A malformed ``--base-url``: the message is the French sentence to show."""


def parse_base_url(value: str) -> str:
    """The site's public address, checked and ending with « / »."""
    example = "exemple : https://ecole.example/referentiel/"
    if not value or any(c.isspace() or ord(c) < 32 for c in value):
        raise BaseUrlError(f"--base-url : adresse vide ou contenant un espace ({example})")
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise BaseUrlError(f"--base-url : port invalide dans « {value} » ({example})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BaseUrlError(f"--base-url : adresse complète attendue, commençant par https:// "
                           f"et un nom d'hôte, pas « {value} » ({example})")
    if parts.username or parts.password:
        raise BaseUrlError("--base-url : l'adresse publique ne contient ni identifiant ni mot "
                           f"de passe (« {value} »)")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise BaseUrlError(f"--base-url : l'adresse du site ne contient ni « ? » ni « # » "
                           f"(« {value} » ; {example})")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def insecure(base_url: str) -> bool:
    """http:// on a host other than this machine: the browser will not run the worker."""
    parts = urlsplit(base_url)
    return parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1")


# -- Content-Security-Policy ----------------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_OR_DATA = re.compile(r"""\bsrc\s*=|\btype\s*=\s*["']?application/(?:ld\+)?json""",
                          re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_EXISTING_CSP = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>\s*",
                           re.IGNORECASE)


def inline_script_hashes(page: str) -> list[str]:
    """The sha256 (base64) of each inline script the page runs, in order, without repeats."""
    hashes: list[str] = []
    for attributes, body in _SCRIPT.findall(page):
        if _SRC_OR_DATA.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        if digest not in hashes:
            hashes.append(digest)
    return hashes


def content_security_policy(script_hashes: list[str]) -> str:
    """The policy of one page: the site's own files, the hashed inline scripts, images and
    fonts also from data: URLs (Material's icons), files downloaded through blob: links."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes)])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; "
            "connect-src 'self'; worker-src 'self'; frame-src 'self'; manifest-src 'self'; "
            "object-src 'none'; "
            "base-uri 'self'; form-action 'self'")


def with_csp(page: str) -> str:
    """The page with its policy as the first element of <head> after the charset (a policy
    only governs what follows it)."""
    page = _EXISTING_CSP.sub("", page)
    policy = html.escape(content_security_policy(inline_script_hashes(page)), quote=False)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        return meta + page
    return page[:anchor.end()] + meta + page[anchor.end():]


# -- manifest and icons ---------------------------------------------------------------------------

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_DESCRIPTION = re.compile(r'<meta\s+name="description"\s+content="([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    """What the phone shows: the site's name (its home page title), a short name for the
    home screen (« Réf. CIP ») and the description."""

    name: str
    short_name: str
    description: str

    @classmethod
    def of(cls, home: str, sigle: str) -> Identity:
        title = _TITLE.search(home)
        description = _DESCRIPTION.search(home)
        name = html.unescape(title.group(1)).strip() if title else f"Référentiel {sigle}"
        short = f"Réf. {sigle}" if sigle and len(sigle) <= 7 else name[:12].strip()
        return cls(name, short,
                   html.unescape(description.group(1)).strip() if description else name)


def web_manifest(identity: Identity) -> bytes:
    """The manifest; every URL is relative to it (it sits at the root of the site)."""
    icons = [
        {"src": f"{ICONS}/icone-192.png", "sizes": "192x192", "type": "image/png",
         "purpose": "any"},
        {"src": f"{ICONS}/icone-512.png", "sizes": "512x512", "type": "image/png",
         "purpose": "any"},
        {"src": f"{ICONS}/icone-masquable-512.png", "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
    ]
    manifest = {
        "id": "./", "lang": "fr", "dir": "ltr",
        "name": identity.name, "short_name": identity.short_name,
        "description": identity.description,
        "start_url": "./", "scope": "./", "display": "standalone",
        "orientation": "any", "theme_color": THEME_COLOR, "background_color": "#ffffff",
        "categories": ["education"], "icons": icons,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def icon(size: int, maskable: bool = False) -> bytes:
    """A PNG icon: an evaluation grid (three ticked rows) in white on the site's indigo.
    A maskable icon fills its square and keeps the drawing in the central safe zone."""
    from PIL import Image, ImageDraw  # WeasyPrint's dependency; imported only when building

    image = Image.new("RGB", (size, size), "#ffffff" if not maskable else THEME_COLOR)
    draw = ImageDraw.Draw(image)
    if not maskable:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=THEME_COLOR)
    inset = size * (0.28 if maskable else 0.2)
    unit = (size - 2 * inset) / 5
    line = max(2, round(unit / 4))
    for row in range(3):
        top = inset + row * unit * 1.8
        box = (inset, top, inset + unit * 1.2, top + unit * 1.2)
        draw.rectangle(box, outline="#ffffff", width=line)
        draw.line([(box[0] + unit * .25, top + unit * .6), (box[0] + unit * .5, top + unit * .9),
                   (box[0] + unit * 1.0, top + unit * .25)], fill="#ffffff", width=line)
        draw.rectangle((inset + unit * 1.8, top + unit * .45, size - inset, top + unit * .8),
                       fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def icon_files() -> dict[PurePosixPath, bytes]:
    return {
        ICONS / "icone-192.png": icon(192),
        ICONS / "icone-512.png": icon(512),
        ICONS / "icone-masquable-512.png": icon(512, maskable=True),
        ICONS / "apple-touch-icon.png": icon(180, maskable=True),  # iOS rounds it itself
    }


# -- the service worker ---------------------------------------------------------------------------

def sri(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def cache_lists(files: dict[PurePosixPath, bytes],
                ) -> tuple[dict[str, list], dict[str, list]]:
    """(precached, cached on first open): path → [sha256 base64, size in bytes]."""
    precache: dict[str, list] = {}
    later: dict[str, list] = {}
    for path in sorted(files, key=str):
        rel = str(path)
        if _NEVER.search(rel):
            continue
        target = later if _LATER.search(rel) else precache
        target[rel] = [sri(files[path]), len(files[path])]
    return precache, later


def service_worker(files: dict[PurePosixPath, bytes], source: str) -> bytes:
    """``sw.js``: the build's lists, then the worker's code. Its version is the hash of the
    lists: an unchanged site gives a byte-identical worker (the browser installs nothing)."""
    precache, later = cache_lists(files)
    lists = json.dumps({"precache": precache, "later": later}, ensure_ascii=False,
                       sort_keys=True, separators=(",", ":"))
    version = hashlib.sha256(lists.encode("utf-8")).hexdigest()[:16]
    header = (f"/* Écrit par « python -m generator build » : ne pas modifier. */\n"
              f'self.CIP_BUILD = {{"version": "{version}", "offline": "{OFFLINE_PAGE}", '
              f'"files": {lists}}};\n')
    return (header + source).encode("utf-8")


def app_files(files: dict[PurePosixPath, bytes], sigle: str,
              worker_source: str) -> dict[PurePosixPath, bytes]:
    """Everything the app adds to the built site, and every HTML page with its policy."""
    out: dict[PurePosixPath, bytes] = {}
    for path, data in files.items():
        if path.suffix == ".html":
            out[path] = with_csp(data.decode("utf-8")).encode("utf-8")
    home = files.get(PurePosixPath("index.html"), b"").decode("utf-8")
    out[MANIFEST] = web_manifest(Identity.of(home, sigle))
    out.update(icon_files())
    site = {**files, **out}
    out[SERVICE_WORKER] = service_worker(site, worker_source)
    return out


THEME_FOLDER = PurePosixPath("theme")  # under .generated/: mkdocs.yml's custom_dir


def theme_files() -> dict[PurePosixPath, str]:
    """The theme override's templates, by path under .generated/ (read like every template)."""
    return {THEME_FOLDER / path.relative_to(THEME).as_posix(): path.read_text("utf-8")
            for path in sorted(THEME.rglob("*")) if path.is_file()}

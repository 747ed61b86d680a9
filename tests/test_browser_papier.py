"""The positionnement grid on paper (its PDF and its page printed from Chromium): 3 A4 pages at
most, no sheet holding only the scale's legend, the sources as short titles rather than
reference numbers; the grid buttons as tall as a finger at 390 px; the author's guide code
blocks reachable from the keyboard (axe scrollable-region-focusable)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from playwright.sync_api import Browser

from .browser_helpers import AXE_OPTIONS, TIMEOUT_MS
from .pdf_pages import pdf_pages
from .site_helpers import BuiltSite

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

POSITIONNEMENT = "referentiel/grilles/outil-grille-positionnement.html"
PDF_POSITIONNEMENT = "referentiel/grilles/pdf/outil-grille-positionnement.pdf"
# The form's parts, as printed: every sheet holds at least one of them (never the scale's legend
# or the sources alone).
PARTIES = ("Identification", "Parcours déclaré", "Activité", "Compétences transverses",
           "Premiers objectifs", "Signature",
           # the compétences of the CAP AEPE: the printed table's header, the screen form's field
           "Compétence Non acquis", "Ce qui justifie ce niveau")
# Three sheets for the tool's own form, two for the compétences of the CAP AEPE it also aims at.
PAGES_AU_PLUS = 5


def _seulement_la_legende(texte: str) -> bool:
    """A sheet with no part of the form: only the scale's legend, the sources or nothing."""
    return not any(partie in texte for partie in PARTIES)


def _context(browser: Browser, width: int, height: int, phone: bool = False):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def test_grille_de_positionnement_imprimee_depuis_le_navigateur(browser: Browser,
                                                                real_site: BuiltSite) -> None:
    context = _context(browser, 1366, 900)
    try:
        page = context.new_page()
        page.goto((real_site.site / POSITIONNEMENT).as_uri())
        page.emulate_media(media="print")
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        textes = [p.extract_text() or "" for p in pdf.pages]
        assert 1 <= len(textes) <= PAGES_AU_PLUS, f"{len(textes)} pages A4"
        for numero, texte in enumerate(textes, 1):
            assert not _seulement_la_legende(texte), f"page {numero} : la légende seule"
        tout = " ".join(" ".join(textes).split())
        assert "Sources : 1 2" not in tout
        sources = re.search(r"Sources : ([^.]+)\.", tout)
        assert sources and "CAPEE" in sources.group(1), tout[-400:]
        assert "Tout ce qui reste à vérifier" not in tout  # the explanation stays on screen
    finally:
        context.close()


def test_une_grille_imprimee_sans_page_blanche_ni_signatures_coupees(browser: Browser,
                                                                    real_site: BuiltSite) -> None:
    """Printed from the browser: a grid that just fills its sheet is not followed by a blank
    one (the article's bottom margin once spilled over), and the « Signatures » rubrique of
    the attestation (date and three signatures) stays on one sheet."""
    context = _context(browser, 1366, 900)
    try:
        page = context.new_page()
        for grille in ("competence-cp05-evaluateur", "competence-cp05-tuteur",
                       "outil-attestation-competences"):
            page.goto((real_site.site / f"referentiel/grilles/{grille}.html").as_uri())
            page.emulate_media(media="print")
            pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
            textes = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
            vides = [n for n, texte in enumerate(textes, 1) if not texte]
            assert not vides, f"{grille} : page(s) blanche(s) {vides} sur {len(textes)}"
        signees = [t for t in textes if "Date de l'attestation" in t]
        assert len(signees) == 1 and all(
            s in signees[0] for s in ("Signature de l'encadrant technique",
                                      "Signature de la direction", "Signature du salarié"))
    finally:
        context.close()


def test_grille_de_positionnement_en_pdf(real_site: BuiltSite) -> None:
    pages = pdf_pages(real_site.site / PDF_POSITIONNEMENT)
    assert 1 <= len(pages) <= PAGES_AU_PLUS, f"{len(pages)} pages A4"
    for page in pages:
        assert not _seulement_la_legende(page.content), f"page {page.number} : la légende seule"
    contenu = " ".join(p.content for p in pages)
    assert re.search(r"Sources : CAPEE \(Grand Poitiers\) ;", contenu)
    assert not re.search(r"Sources : \d", contenu)


@pytest.mark.parametrize("relative", [POSITIONNEMENT,
                                      "referentiel/grilles/competence-cp01-evaluateur.html",
                                      "referentiel/dossier-professionnel.html"])
def test_boutons_des_grilles_hauts_comme_un_doigt(browser: Browser, real_site: BuiltSite,
                                                  relative: str) -> None:
    context = _context(browser, 390, 844, phone=True)
    try:
        page = context.new_page()
        page.goto((real_site.site / relative).as_uri())
        boutons = page.locator(".grille-actions .md-button")
        assert boutons.count() >= 3
        for i in range(boutons.count()):
            bouton = boutons.nth(i)
            box = bouton.bounding_box()
            assert box and box["height"] >= 44, f"« {bouton.inner_text()} » : {box}"
    finally:
        context.close()


def test_exemples_du_guide_atteignables_au_clavier(browser: Browser, real_site: BuiltSite,
                                                  axe) -> None:
    context = _context(browser, 390, 844, phone=True)
    try:
        page = context.new_page()
        page.goto((real_site.site / "guide-auteur.html").as_uri())
        page.wait_for_function("document.querySelectorAll('pre > code[tabindex]').length > 0")
        larges = page.evaluate("""() => [...document.querySelectorAll('pre > code')]
            .filter(c => c.scrollWidth > c.clientWidth + 1)
            .map(c => c.getAttribute('tabindex'))""")
        assert larges and all(t == "0" for t in larges)
        results = axe.run(page, options=AXE_OPTIONS)
        ids = [v["id"] for v in results.response["violations"]]
        assert "scrollable-region-focusable" not in ids, ids
    finally:
        context.close()

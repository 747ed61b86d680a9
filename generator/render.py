"""Stage 5: the site's generated files as text, from the model. Pure: writes nothing.

``render_site`` returns ``{relative path: content}`` for the Markdown pages (under
``referentiel/`` of the docs directory) and the support files MkDocs reads (navigation and
glossary abbreviations).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypedDict

import jinja2
import yaml

from . import dossier_professionnel, text
from . import grilles as grilles_mod
from .archive import membres
from .confiance import CONFIANCE_LIBELLES, NATURES
from .evolutions import evolutions
from .export import EXPORT_DIR, fichiers
from .grilles import Grille, Grilles, Variante
from .libelles import FILTERS, majuscule
from .load import ContentPage
from .model import Echelle, Framework, Source, Vocabulaire
from .model_vocabulaire import mot
from .paths import PATHS, PDF_DOSSIER_PROFESSIONNEL
from .pdf import Impression
from .search import sigles_json
from .views import SiteView

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "site_templates"
NAV_FILE = PurePosixPath("nav.yml")
ABBREVIATIONS_FILE = PurePosixPath("abreviations.md")
# The glossary's sigles and their long forms, read when the search index is made.
SIGLES_FILE = PurePosixPath("sigles.json")
HOME_FILE = PurePosixPath("accueil.md")  # the home page's paths by persona (content/index.md)
HOME_PAGE = PurePosixPath("index.md")


class PageContext(TypedDict):
    """What every page template receives (plus the page's own entity: ``ccp``, ``competence``,
    ``etape``, ``outil``, ``seance``, ``g``…)."""

    fw: Framework
    v: SiteView  # queries: relations, confidence, calendar, coverage (views.py)
    grilles: Grilles
    skip_pdf: bool  # build --skip-pdf: no PDF links, « non produit (aperçu) »
    page: PurePosixPath  # this page, docs-relative
    lien: Callable[[object], str]  # relative link to an entity's page or to a path
    vocabulaire: Vocabulaire  # the certification's words (titre.yml): « CCP », « stagiaire »…
    VARIANTES: dict[str, Variante]  # the grids' variants, in these words


class PrintContext(TypedDict):
    """What the print templates (grilles/impression, grilles/seance) receive besides the
    document's own keys (``grilles``/``grilles_seance``, ``titre_document``, ``remplissable``,
    ``description``)."""

    v: SiteView
    vocabulaire: Vocabulaire
    generateur: str  # « Référentiel CIP », the PDF's generator
    reference: str
    auteur: str
    echelle: Echelle | None
    echelle_a_verifier: bool
    source_titre: Callable[[str], str]
    source_courte: Callable[[Grille], str]
    source_courante: Callable[[Grille], str]  # running footer


@dataclass
class RenderedSite:
    pages: dict[PurePosixPath, str]  # docs-relative path → Markdown (all under referentiel/)
    support: dict[PurePosixPath, str]  # nav.yml, abreviations.md, sigles.json
    impressions: list[Impression]  # the grids' print HTML, for the PDF step
    archive: dict[str, PurePosixPath]  # the zip of the blank grids: name → PDF (archive.py)


def _environment(cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=cache,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: every authored value goes through a filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        t=text.md_inline, cell=text.md_cell, paragraphs=text.md_paragraphs, attr=text.attr,
        h=text.escape_html, tooltip=text.tooltip, url=text.url, json_script=text.json_script,
        **FILTERS,
        public=lambda note: text.public_note(note, CONFIANCE_LIBELLES),
        court=titre_court,
    )
    env.globals.update(CONFIANCE_LIBELLES=CONFIANCE_LIBELLES, NATURES=NATURES,
                       pdf_seance=grilles_mod.pdf_seance, ARCHIVE=grilles_mod.ARCHIVE,
                       GRILLES_INDEX=grilles_mod.INDEX,
                       criteres_numerotes=grilles_mod.criteres_numerotes,
                       AIDE_A_VERIFIER=AIDE_A_VERIFIER)
    return env


AIDE_A_VERIFIER = "cip-aide-a-verifier"  # the id of the page's explanation of « à vérifier »


def legende_a_verifier(page: PurePosixPath) -> str:
    """What « à vérifier » means, and the levels of confidence in words: said once on each page
    that has the badge, opened by any badge (HTML popover: tap, click or keyboard, no script)."""
    def html(target: PurePosixPath) -> str:
        return relative_link(page, target)[: -len(".md")] + ".html"

    niveaux = " ; ".join(CONFIANCE_LIBELLES.values())
    return (
        f'\n\n<div id="{AIDE_A_VERIFIER}" class="cip-verifier-aide" popover data-search-exclude>\n'
        '<p><strong>À vérifier</strong> : aucun texte officiel ne confirme cette information. '
        "Elle ne repose que sur une source non officielle, ou elle n'a pas été trouvée dans les "
        "sources consultées : vérifiez-la dans le texte qui fait foi avant de vous y fier.</p>\n"
        f"<p>Confiance accordée aux sources, de la plus à la moins sûre : {niveaux}. "
        "Les deux derniers niveaux sont signalés « à vérifier ».</p>\n"
        f'<p class="cip-verifier-aide__pied"><a href="{html(PATHS["a_verifier"])}">Tout ce qui '
        f'reste à vérifier</a> <a href="{html(PATHS["sources"])}">Les sources</a> '
        f'<button type="button" class="md-button" popovertarget="{AIDE_A_VERIFIER}" '
        'popovertargetaction="hide">Fermer</button></p>\n</div>\n')


def titre_court(source: Source) -> str:
    """The short, human title of a source shown to readers (« Arrêté du 23 mars 2023 »); the
    full reference is on the Sources page."""
    return source.titre_court


def _print_environment(cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The print documents are HTML: every value is escaped by Jinja itself."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=cache,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def relative_link(from_page: PurePosixPath, to_page: PurePosixPath) -> str:
    return PurePosixPath(os.path.relpath(to_page, from_page.parent)).as_posix()


def render_site(fw: Framework, content_pages: list[ContentPage], skip_pdf: bool = False,
                template_cache: Path | None = None) -> RenderedSite:
    """``skip_pdf`` (``build --skip-pdf``): pages say the PDFs were not made, rather
    than link to files that do not exist. ``template_cache``: an existing folder where Jinja
    keeps the compiled templates (checked against each template's source), which saves
    compiling them at every build."""
    cache = jinja2.FileSystemBytecodeCache(str(template_cache)) if template_cache else None
    env = _environment(cache)
    view = SiteView(fw)
    grilles = Grilles(fw)
    pages: dict[PurePosixPath, str] = {}

    def render(template: str, path: PurePosixPath, title: str, search: bool = True,
               **context: object) -> None:
        if path in pages:
            raise ValueError(f"deux pages pour le même chemin : {path}")

        def lien(target: object) -> str:
            page = target if isinstance(target, PurePosixPath) else view.path(target)
            return relative_link(path, page)

        common: PageContext = {"fw": fw, "v": view, "grilles": grilles, "skip_pdf": skip_pdf,
                               "page": path, "lien": lien, "vocabulaire": fw.vocabulaire,
                               "VARIANTES": grilles.variantes}
        body = env.get_template(template).render(**common, **context)
        if f'popovertarget="{AIDE_A_VERIFIER}"' in body:
            body += legende_a_verifier(path)
        pages[path] = _front_matter(title, search) + body

    assert fw.titre is not None
    render("titre.md.j2", PATHS["titre"], f"{fw.titre.intitule} ({fw.titre.sigle})")
    partie = fw.vocabulaire.partie
    for ccp in fw.ccps:
        render("ccp.md.j2", view.path(ccp), f"{majuscule(partie.singulier)} {ccp.numero} : "
               f"{ccp.intitule}", ccp=ccp)
    for competence in fw.competences:
        render("competence.md.j2", view.path(competence),
               f"{competence.numero}. {competence.intitule}", competence=competence)
    render_terrain(render, fw, view)
    if fw.ecole:
        render("ecole.md.j2", PATHS["ecole"], fw.ecole.intitule, ecole=fw.ecole)
    render_programme(render, fw, view)
    if view.a_une_matrice:
        render("matrice.md.j2", PATHS["matrice"], "Matrice de traçabilité")
    render("glossaire.md.j2", PATHS["glossaire"], "Glossaire")
    render("sources.md.j2", PATHS["sources"], "Sources")
    render("a_verifier.md.j2", PATHS["a_verifier"], "À vérifier")
    render("grilles/index.md.j2", grilles_mod.INDEX, "Grilles d'évaluation")
    render_promotion(render, fw)
    if suivi_equipe(fw):
        render_equipe(render, fw)
    for grille in grilles:
        # The criteria are already indexed on their compétence's page: grids stay out of search.
        render("grilles/page.md.j2", grille.page, _titre_grille(grille), search=False, g=grille)
    if fw.versions:
        render("evolutions.md.j2", PATHS["evolutions"], "Évolutions du référentiel",
               evolutions=evolutions(fw))
    render("exporter.md.j2", PATHS["exporter"], "Exporter le référentiel",
           fichiers=export_paths(fw))
    if fw.dossier_professionnel:
        render("dossier_professionnel.md.j2", PATHS["dossier_professionnel"],
               fw.dossier_professionnel.intitule, dp=fw.dossier_professionnel,
               pdf_dp=PDF_DOSSIER_PROFESSIONNEL,
               modele=dossier_professionnel.donnees(fw, view))

    support = {
        NAV_FILE: navigation(fw, view, content_pages),
        ABBREVIATIONS_FILE: abbreviations(fw),
        SIGLES_FILE: sigles_json((t.sigle, t.forme_longue) for t in fw.glossaire),
        HOME_FILE: home_paths(env, fw, view, grilles, skip_pdf),
    }
    impressions = print_documents(fw, view, grilles, cache) if not skip_pdf else []
    if not skip_pdf and fw.dossier_professionnel:
        impressions.append(document_dossier_professionnel(fw, view, cache))
    contenu = membres(grilles.vierges()) if not skip_pdf else {}
    return RenderedSite(pages, support, impressions, contenu)


def home_paths(env: jinja2.Environment, fw: Framework, view: SiteView, grilles: Grilles,
               skip_pdf: bool) -> str:
    """The home page's paths by persona, linking only to pages this build has (no calendar
    without a programme, no Dossier professionnel without dossier_professionnel.yml)."""
    def lien(target: object) -> str:
        page = target if isinstance(target, PurePosixPath) else view.path(target)
        return relative_link(HOME_PAGE, page)

    context: PageContext = {"fw": fw, "v": view, "grilles": grilles, "skip_pdf": skip_pdf,
                            "page": HOME_PAGE, "lien": lien, "vocabulaire": fw.vocabulaire,
                            "VARIANTES": grilles.variantes}
    return env.get_template("accueil.md.j2").render(**context)


def render_terrain(render, fw: Framework, view: SiteView) -> None:
    """The path's steps, the tools and the ways to recognise skills: optional parts, each
    with its overview page only when the framework has some."""
    if view.a_un_parcours:
        render("parcours.md.j2", PATHS["parcours"],
               "Le parcours en atelier et chantier d'insertion")
    for etape in fw.etapes:
        render("etape.md.j2", view.path(etape), f"{etape.ordre}. {etape.intitule}", etape=etape)
    if view.a_des_outils:
        render("outils.md.j2", PATHS["outils"], "Les outils de l'encadrant",
               page_equipe=PATHS["equipe"] if suivi_equipe(fw) else None)
    for outil in fw.outils:
        render("outil.md.j2", view.path(outil), outil.intitule, outil=outil)
    if view.a_des_reconnaissances:
        render("reconnaissances.md.j2", PATHS["reconnaissances"], "Reconnaître les compétences")


def render_programme(render, fw: Framework, view: SiteView) -> None:
    """The promotion's pages: calendar (with a programme), coverage and one sheet per séance."""
    if not view.a_des_seances:
        return
    if fw.programme:
        render("calendrier.md.j2", PATHS["calendrier"], fw.programme.intitule)
    render("couverture.md.j2", PATHS["couverture"], "Couverture du référentiel")
    for seance in fw.seances:
        render("seance.md.j2", view.path(seance), seance.intitule, seance=seance)


def navigation_programme(fw: Framework, view: SiteView, entry) -> list[object]:
    """Calendar, coverage, then the séances grouped by week (one group per school period)."""
    section: list[object] = []
    if fw.programme:
        section.append(entry("Calendrier de la promotion", PATHS["calendrier"]))
    section.append(entry("Couverture du référentiel", PATHS["couverture"]))
    groups = [
        (i, {_nav_title(title): _grouped("Séances", [
            (j, entry(_short(s.intitule), view.path(s))) for j, s in enumerate(seances, 1)])})
        for i, (title, seances) in enumerate(view.groupes_seances, start=1)
    ]
    section += _grouped("Groupes", groups)  # bounded sections at any size (see _grouped)
    return section


def export_paths(fw: Framework) -> dict[str, PurePosixPath]:
    """Docs-relative paths of the downloadable exports and of the JSON export's schema
    (written by ``build.generate``)."""
    return {fmt: PATHS["exporter"].parent / EXPORT_DIR / name
            for fmt, name in fichiers(fw).items() if fmt != "script"}


def render_promotion(render, fw: Framework) -> None:
    """« Suivi de la promotion »: the page's frame; the browser fills it from the grids'
    exports (content/javascripts/promotion*.js), with the labels of the generated script."""
    page = PATHS["promotion"]
    render("promotion.md.j2", page, "Suivi de la promotion",
           script_libelles=relative_link(page, export_script_path(fw)),
           index_grilles=grilles_mod.INDEX,
           racine=relative_link(page, PurePosixPath("index.md"))[: -len("index.md")])


def suivi_equipe(fw: Framework) -> bool:
    """Whether a tool's form situates levels: then « Suivi de l'équipe » follows them."""
    return any(c.type in grilles_mod.NIVEAU_TYPES for o in fw.outils if o.formulaire
               for r in o.formulaire.rubriques for c in r.champs)


def render_equipe(render, fw: Framework) -> None:
    """« Suivi de l'équipe »: the sibling of « Suivi de la promotion » for the encadrant's
    team, filled by the browser from the tools' exports (content/javascripts/equipe*.js)."""
    page = PATHS["equipe"]
    render("equipe.md.j2", page, "Suivi de l'équipe",
           script_libelles=relative_link(page, export_script_path(fw)), fw_outils=PATHS["outils"],
           racine=relative_link(page, PurePosixPath("index.md"))[: -len("index.md")])


def export_script_path(fw: Framework) -> PurePosixPath:
    """Docs-relative path of the labels script read by the site's pages."""
    return PATHS["exporter"].parent / EXPORT_DIR / fichiers(fw)["script"]


def _front_matter(title: str, search: bool = True) -> str:
    """The full page title for the browser tab. Material prints ``page.meta.title`` as it
    is (its nav-title fallback goes through ``striptags``, which would undo the escaping)."""
    value = json.dumps(text.escape_html(" ".join(title.split())), ensure_ascii=False)
    exclude = "" if search else "search:\n  exclude: true\n"
    return f"---\ntitle: {value}\n{exclude}---\n\n"


def _titre_grille(grille: Grille) -> str:
    """The PDF's title (a window's title bar, a reader's first words): under 200 characters."""
    if grille.variante is None:
        return _short(f"{grille.titre} (formulaire)", 185)
    return _short(f"{grille.titre} · {grille.contexte[-1]}", 185)


def print_documents(fw: Framework, view: SiteView, grilles: Grilles,
                    cache: jinja2.BytecodeCache | None = None) -> list[Impression]:
    """The HTML of every PDF: each grid blank and fillable, one booklet per CCP, and each
    séance sheet followed by its grids."""
    env = _print_environment(cache)
    template = env.get_template("grilles/impression.html.j2")
    echelle = fw.echelle
    reference = f"{fw.titre.intitule} ({fw.titre.sigle})" if fw.titre else "Référentiel"
    common: PrintContext = {
        "v": view,
        "vocabulaire": fw.vocabulaire,
        "generateur": nom_du_referentiel(fw),
        "reference": majuscule(fw.vocabulaire.nom.singulier) if fw.titre else "Référentiel",
        "auteur": fw.ecole.intitule if fw.ecole else reference,
        "echelle": echelle,
        "echelle_a_verifier": bool(echelle and view.a_verifier(echelle)),
        "source_titre": lambda sid: titre_court(view.source(sid)),
        "source_courte": lambda g: _source_courte(view, g),
        "source_courante": lambda g: _source_courante(view, g),
    }

    def document(grilles_: tuple[Grille, ...], titre: str, remplissable: bool) -> str:
        return template.render(grilles=grilles_, titre_document=titre, remplissable=remplissable,
                               description=f"{titre}. {reference}.", **common)

    impressions = []
    vierges: dict[str, Impression] = {}
    for grille in grilles:
        titre = _titre_grille(grille)
        vierge = Impression(grille.pdf, document((grille,), titre, False),
                            etiquette=_etiquette(grille))
        vierges[grille.cle] = vierge
        impressions.append(vierge)
        impressions.append(Impression(grille.pdf_remplissable,
                                      document((grille,), titre + " (à remplir)", True), True))
    # Booklets and séance sheets: the pages of the blank grids above, laid out once.
    for livret in grilles.livrets():
        impressions.append(Impression(
            livret.pdf, "", parties=tuple(vierges[g.cle] for g in livret.grilles),
            titre=livret.titre, description=f"{livret.titre}. {reference}."))
    fiche = env.get_template("grilles/seance.html.j2")
    for seance in fw.seances:
        titre = f"Fiche de séance : {seance.intitule}"
        description = f"{titre}, avec ses grilles. {reference}."
        html = fiche.render(seance=seance, grilles_seance=grilles.de_seance(seance),
                            titre_document=titre, remplissable=False,
                            description=description, **common)
        page = Impression(grilles_mod.pdf_seance(seance), html,
                          etiquette="Fiche de séance, feuille ")
        impressions.append(Impression(
            page.path, "", titre=titre, description=description,
            parties=(page, *(vierges[g.cle] for g in grilles.de_seance(seance)))))
    return impressions


def _etiquette(grille: Grille) -> str:
    """What a PDF viewer shows for the pages of a grid inside a booklet or a séance sheet:
    « Compétence 3 · Tuteur, feuille 2 » (the printed footer counts the grid's own sheets)."""
    variante = f" · {grille.variante.court}" if grille.variante else ""
    return f"{grille.titre_courant}{variante}, feuille "


def document_dossier_professionnel(fw: Framework, view: SiteView,
                                   cache: jinja2.BytecodeCache | None = None) -> Impression:
    """The blank Dossier professionnel, fillable (AcroForm), activité-type titles filled in."""
    dp = fw.dossier_professionnel
    assert dp is not None and dp.rubriques is not None
    titre = f"{dp.intitule} vierge, à remplir"
    html = _print_environment(cache).get_template("dossier_professionnel.html.j2").render(
        dp=dp, v=view, titre_document=titre, remplissable=True,
        titre_vise=fw.titre.intitule if fw.titre else "",
        auteur=fw.ecole.intitule if fw.ecole else nom_du_referentiel(fw),
        generateur=nom_du_referentiel(fw),
        description=f"{titre} : {dp.modele}.")
    return Impression(PDF_DOSSIER_PROFESSIONNEL, html, True)


def _source_courte(view: SiteView, grille: Grille) -> str:
    """One line for the page footer; the full list ends the sheet."""
    if not grille.sources:
        return "non renseignée"
    officielles = [s for s in grille.sources if view.source(s).confiance == "A"]
    texte = _short(titre_court(view.source((officielles or list(grille.sources))[0])), 90)
    if grille.criteres_proposes:
        texte += " ; critères proposés par l'équipe pédagogique"
    return texte


def _source_courante(view: SiteView, grille: Grille) -> str:
    """The running footer: the main source in a few words (in full at the top of the sheet)."""
    if not grille.sources:
        return "Source : non renseignée"
    officielles = [s for s in grille.sources if view.source(s).confiance == "A"]
    source = view.source((officielles or list(grille.sources))[0])
    return "Source : " + grilles_mod.mots(titre_court(source), 6)


def navigation(fw: Framework, view: SiteView, content_pages: list[ContentPage]) -> str:
    """The nav as a YAML file that mkdocs.yml inherits (``INHERIT``).

    Hierarchical on purpose: one section per CCP, so that no section grows with the
    framework (a flat section makes MkDocs and Zensical builds quadratic).
    """
    def entry(title: str, path: PurePosixPath) -> dict[str, str]:
        return {_nav_title(title): path.as_posix()}

    by_path = {p.path: p for p in content_pages}
    nav: list[object] = []
    if PurePosixPath("index.md") in by_path:
        nav.append(entry("Accueil", PurePosixPath("index.md")))
    voc = fw.vocabulaire
    titre = [entry(f"{majuscule(voc.certification.le)} et ses {voc.partie.pluriel}",
                   PATHS["titre"])]
    ccps = []
    for ccp in fw.ccps:
        section = [entry(f"{majuscule(voc.partie.singulier)} {ccp.numero}", view.path(ccp))]
        section += _grouped("Compétences", [
            (c.numero, entry(f"{c.numero}. {_short(c.intitule)}", view.path(c)))
            for c in view.competences_du_ccp(ccp)
        ])
        title = _nav_title(f"{majuscule(voc.partie.singulier)} {ccp.numero} : "
                           f"{_short(ccp.intitule)}")
        ccps.append((ccp.numero, {title: section}))
    titre += _grouped(majuscule(voc.partie.pluriel), ccps)
    nav.append({majuscule(voc.nom.singulier): titre})
    if view.a_un_parcours:
        parcours = [entry("Vue d'ensemble", PATHS["parcours"])]
        parcours += _grouped("Étapes", [(e.ordre, entry(f"{e.ordre}. {e.intitule}",
                                                        view.path(e))) for e in fw.etapes])
        nav.append({"Parcours en ACI": parcours})
    if view.a_des_outils:
        outils = [entry("Vue d'ensemble", PATHS["outils"])]
        if suivi_equipe(fw):
            outils.append(entry("Suivi de l'équipe", PATHS["equipe"]))
        outils += _grouped("Outils", [(i, entry(o.intitule, view.path(o)))
                                      for i, o in enumerate(fw.outils, start=1)])
        nav.append({"Outils de l'encadrant": outils})
    nav.append(entry("Grilles d'évaluation", grilles_mod.INDEX))
    nav.append(entry("Suivi de la promotion", PATHS["promotion"]))
    if fw.dossier_professionnel:
        nav.append(entry("Dossier professionnel", PATHS["dossier_professionnel"]))
    if view.a_des_reconnaissances:
        nav.append(entry("Reconnaître les compétences", PATHS["reconnaissances"]))
    if fw.ecole:
        nav.append(entry(f"L'{nom_ecole(fw)}", PATHS["ecole"]))
    if view.a_des_seances:
        nav.append({"Programme": navigation_programme(fw, view, entry)})
    if view.a_une_matrice:
        nav.append(entry("Matrice de traçabilité", PATHS["matrice"]))
    if fw.versions:
        nav.append(entry("Évolutions du référentiel", PATHS["evolutions"]))
    nav.append(entry("Glossaire", PATHS["glossaire"]))
    nav.append({"Sources": [entry("Sources", PATHS["sources"]),
                            entry("À vérifier", PATHS["a_verifier"])]})
    nav.append(entry("Exporter le référentiel", PATHS["exporter"]))
    others = [p for p in content_pages if p.path != PurePosixPath("index.md")]
    if others:
        nav.append({"Ressources": [entry(p.title, p.path) for p in others]})
    header = "# Fichier généré par « python -m generator build » : ne pas modifier.\n"
    config = {"site_name": nom_du_site(fw), "site_description": description_du_site(fw),
              "extra": {"referentiel": donnees_de_page(fw)}, "nav": nav}
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def espace(fw: Framework) -> str:
    """« referentiel-cip »: the prefix of the browser's storage keys and of the formats of the
    files the pages export, so that two frameworks served from one origin never mix answers."""
    return f"referentiel-{fw.titre.id}" if fw.titre else "referentiel"


def donnees_de_page(fw: Framework) -> dict[str, object]:
    """What every page tells its scripts about its framework (theme main.html writes it in a
    ``<meta name="cip-referentiel">``): the storage prefix and the words the scripts show."""
    voc = fw.vocabulaire
    fin = voc.evaluateur_final
    return {
        "id": fw.titre.id if fw.titre else "",
        "espace": espace(fw),
        "sigle": fw.titre.sigle if fw.titre else "",
        "dossier_professionnel": fw.dossier_professionnel is not None,
        "mots": {
            "apprenant": voc.apprenant.singulier, "apprenants": voc.apprenant.pluriel,
            "apprenant_feminin": voc.apprenant.feminin, "le_apprenant": voc.apprenant.le,
            "du_apprenant": voc.apprenant.du,
            "partie": voc.partie.singulier, "parties": voc.partie.pluriel,
            "evaluateur_final": fin.singulier if fin else None,
        },
    }


def nom_du_referentiel(fw: Framework) -> str:
    """« Référentiel CIP »: who made a PDF (its metadata), in a few words."""
    return f"Référentiel {fw.titre.sigle}" if fw.titre else "Référentiel"


def nom_du_site(fw: Framework) -> str:
    """« Référentiel CIP et parcours en ACI »: the site's name (header, tab, installed app)."""
    nom = nom_du_referentiel(fw)
    return f"{nom} et parcours en ACI" if fw.etapes else nom


def description_du_site(fw: Framework) -> str:
    """« Le titre professionnel de conseiller en insertion professionnelle (RNCP37274), le
    parcours des salariés en atelier et chantier d'insertion et les outils de l'encadrant
    technique. » (the pages' description, the installed app's)."""
    if not fw.titre:
        return nom_du_site(fw) + "."
    rncp = next((f.valeur for f in fw.titre.fiche if f.id == "rncp"), None)
    nature, intitule = fw.vocabulaire.nature, fw.titre.intitule
    if intitule.casefold().startswith(nature.casefold()):
        intitule = intitule[len(nature):].lstrip()
    parts = [f"{mot(nature).le} {intitule}" + (f" ({rncp})" if rncp else "")]
    if fw.etapes:
        parts.append("le parcours des salariés en atelier et chantier d'insertion")
    if fw.outils:
        parts.append("les outils de l'encadrant technique")
    texte = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
    return f"{majuscule(texte)}."


def nom_ecole(fw: Framework) -> str:
    """« École CIP »: the school in a sentence (its full name, with its town, heads its page)."""
    return f"École {fw.titre.sigle}" if fw.titre else "École"


NAV_SECTION_MAX = 25  # entries per navigation section, whatever the size of the framework


def _grouped(name: str, items: list[tuple[int, object]]) -> list[object]:
    """The entries, or sub-sections « name 1 à 25 »… of at most NAV_SECTION_MAX entries,
    nested as deep as needed: every page then renders a bounded part of the navigation
    (with navigation.prune), so the site build stays linear in the number of pages."""
    if len(items) <= NAV_SECTION_MAX:
        return [entry for _, entry in items]
    size = NAV_SECTION_MAX
    while -(-len(items) // size) > NAV_SECTION_MAX:
        size *= NAV_SECTION_MAX
    groups: list[object] = []
    for start in range(0, len(items), size):
        chunk = items[start:start + size]
        label = f"{name} {chunk[0][0]} à {chunk[-1][0]}"
        groups.append({label: _grouped(name, chunk)})
    return groups


def _nav_title(title: str) -> str:
    """Material inserts nav titles into the HTML as they are: markup must stay text."""
    return text.escape_html(title)


def _short(title: str, limit: int = 70) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def abbreviations(fw: Framework) -> str:
    """Glossary sigles as Markdown abbreviations: a tooltip on every page where they occur."""
    lines = []
    for terme in sorted(fw.glossaire, key=lambda t: (-len(t.sigle), t.sigle)):
        explanation = terme.forme_longue or terme.definition
        if terme.forme_longue and terme.forme_longue != terme.definition:
            explanation = f"{terme.forme_longue} : {terme.definition}"
        # Whole: the tooltip and the box opened by a tap (cip-terrain.js) show all of it.
        explanation = " ".join(explanation.split())
        lines += [text.abbr_line(sigle, explanation) for sigle in _sigles(terme.sigle)]
    # One paragraph each: Markdown appends this file to every page and, after taking each
    # definition out of a block, tests the rest of the block again against every block
    # processor; 76 definitions in one block cost half of the MkDocs build (7.5 s → 4.2 s).
    return "\n\n".join(lines) + "\n"


def _sigles(sigle: str) -> list[str]:
    """« RC / RE » names two abbreviations."""
    return [part.strip() for part in sigle.split("/") if part.strip()]

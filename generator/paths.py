"""Where each page goes, under the docs directory: the one place that maps ids to paths.

URLs come from ids (never from titles). ``GENERATED`` is the folder of content/ that holds the
generated pages (gitignored); grids live under ``referentiel/grilles/``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .model import Ccp, Competence, EtapeParcours, Outil, Reconnaissance, Seance

ROOT = PurePosixPath("referentiel")
GENERATED = ROOT.name  # content/referentiel/: the generated pages, gitignored

PATHS = {
    "titre": ROOT / "titre.md",
    "parcours": ROOT / "parcours" / "index.md",
    "outils": ROOT / "outils" / "index.md",
    "reconnaissances": ROOT / "reconnaissances.md",
    "ecole": ROOT / "ecole.md",
    "matrice": ROOT / "matrice.md",
    "glossaire": ROOT / "glossaire.md",
    "sources": ROOT / "sources.md",
    "a_verifier": ROOT / "a-verifier.md",
    "calendrier": ROOT / "programme" / "index.md",
    "couverture": ROOT / "programme" / "couverture.md",
    "evolutions": ROOT / "evolutions.md",
    "exporter": ROOT / "exporter.md",
    "promotion": ROOT / "suivi-promotion.md",
    "equipe": ROOT / "suivi-equipe.md",
    "dossier_professionnel": ROOT / "dossier-professionnel.md",
}
# The blank Dossier professionnel, fillable on a computer (AcroForm), beside its page.
PDF_DOSSIER_PROFESSIONNEL = ROOT / "dossier-professionnel-a-remplir.pdf"

# Grids: fillable pages, then their PDFs (see grilles.py for the names inside).
GRILLES_DIR = ROOT / "grilles"
PDF_DIR = GRILLES_DIR / "pdf"
GRILLES_INDEX = GRILLES_DIR / "index.md"

# One page per entity of these types, in this folder, named by its id.
_FOLDERS: tuple[tuple[type, PurePosixPath], ...] = (
    (Ccp, ROOT / "ccp"),
    (Competence, ROOT / "competences"),
    (EtapeParcours, ROOT / "parcours"),
    (Outil, ROOT / "outils"),
    (Seance, ROOT / "programme" / "seances"),
)


def path(entity: object) -> PurePosixPath:
    """The page of an entity, or of a named page (a key of ``PATHS``)."""
    for kind, folder in _FOLDERS:
        if isinstance(entity, kind):
            return folder / f"{entity.id}.md"  # type: ignore[attr-defined]
    if isinstance(entity, Reconnaissance):
        return PATHS["reconnaissances"]
    if isinstance(entity, str):
        return PATHS[entity]
    raise TypeError(f"pas de page pour {entity!r}")


def pdf_seance(seance: Seance) -> PurePosixPath:
    return PDF_DIR / f"seance-{seance.id}.pdf"

"""Stage 4: rules a JSON Schema cannot express, checked on the model.

Each rule is a small generator function ``(ctx) -> Iterator[Diagnostic]``; ``check`` runs
every rule of ``RULES`` and collects every diagnostic (never stopping at the first). A new
rule is one function added to ``RULES``, testable alone.

- ``identifiants``: file names equal to ids, unique ids, numbers and ranks;
- ``references``: references to existing entities, sources, tool/step symmetry;
- ``liens``: linked frameworks declared once, tools' references to their compétences;
- ``seances``: a séance's references, grids, criteria and déroulé;
- ``programme``: a séance's date, week and place, the programme's exceptions and coverage;
- ``jours_feries``: no school séance on a public holiday (Easter-based ones computed);
- ``jalons``: the programme's certification milestones fall inside the calendar;
- ``autorite``: confidence A rests on an official text, B not only on weak sources;
- ``dossier_professionnel``: the Dossier professionnel's activités-types, examples, questions;
- ``sorties``: no two entities whose ids give the same page or PDF name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..diagnostics import Diagnostic
from ..model import Framework
from . import (
    autorite,
    dossier_professionnel,
    identifiants,
    jalons,
    jours_feries,
    liens,
    programme,
    references,
    seances,
    sorties,
)
from .context import CheckContext
from .declared import Declared, declared_ids

__all__ = ["RULES", "CheckContext", "Declared", "check", "declared_ids"]

Rule = Callable[[CheckContext], Iterator[Diagnostic]]

RULES: tuple[Rule, ...] = (
    identifiants.noms_de_fichier,
    identifiants.identifiants_uniques,
    references.echelle,
    references.references,
    references.sources,
    references.symetrie_outils_etapes,
    liens.referentiels_lies,
    liens.competences_visees,
    seances.references_seances,
    seances.criteres_seances,
    seances.deroule_seances,
    programme.calendrier_seances,
    programme.exceptions,
    programme.couverture,
    jours_feries.seances_jours_feries,
    jalons.jalons,
    autorite.confiance_des_faits,
    dossier_professionnel.activites,
    dossier_professionnel.rubriques,
    sorties.noms_de_sortie,
)


def check(fw: Framework, declared: Declared, rules: tuple[Rule, ...] = RULES) -> list[Diagnostic]:
    """Every diagnostic of every rule."""
    ctx = CheckContext(fw, declared)
    out: list[Diagnostic] = []
    for rule in rules:
        out.extend(rule(ctx))
    return out

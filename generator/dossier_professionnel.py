"""The Dossier professionnel as the page's script reads it: the model's wording (rubric
titles, numbered questions, declaration), the activités-types with their compétences, in the
model's order. Pure: a function of the framework."""

from __future__ import annotations

from .model import ChampDp, DossierProfessionnel, Framework
from .views import SiteView


def _champ(c: ChampDp) -> dict[str, object]:
    return {"id": c.id, "libelle": c.libelle, "long": c.long, "periode": c.periode}


def donnees(fw: Framework, view: SiteView) -> dict[str, object]:
    dp: DossierProfessionnel | None = fw.dossier_professionnel
    assert dp is not None and dp.rubriques is not None
    r = dp.rubriques
    decl = r.declaration
    return {
        "intitule": dp.intitule,
        "modele": dp.modele,
        "titre_vise": fw.titre.intitule if fw.titre else "",
        "rubriques": {name: {"intitule": rub.intitule, "obligatoire": rub.obligatoire,
                             "condition": rub.condition}
                      for name, rub in r.dans_l_ordre()},
        "garde": {"champs": [_champ(c) for c in r.page_de_garde.champs],
                  "modalite": {"libelle": r.page_de_garde.modalite.libelle,
                               "choix": [{"id": c.id, "libelle": c.libelle}
                                         for c in r.page_de_garde.modalite.choix]}
                  if r.page_de_garde.modalite else None},
        "questions": [{"numero": q.numero, "id": q.id, "libelle": q.libelle,
                       "facultatif": q.facultatif, "champs": [_champ(c) for c in q.champs]}
                      for q in r.exemples.questions],
        "pages_max": r.exemples.pages_par_exemple.maximum if r.exemples.pages_par_exemple else 3,
        "tableaux": {name: {"colonnes": [_champ(c) for c in rub.colonnes], "lignes": rub.lignes}
                     for name, rub in (("titres", r.titres), ("documents", r.documents))},
        "declaration": {"soussigne": decl.soussigne, "engagement": decl.engagement,
                        "lieu": decl.lieu, "date": decl.date, "formule": decl.formule,
                        "signature": decl.signature},
        "activites": [
            {"ccp": a.ccp, "numero": view.ccps[a.ccp].numero,
             "intitule": view.ccps[a.ccp].intitule, "exemples": list(a.exemples),
             "competences": [{"id": c.id, "numero": c.numero, "intitule": c.intitule}
                             for c in view.competences_du_ccp(view.ccps[a.ccp])]}
            for a in dp.activites if a.ccp in view.ccps
        ],
    }

"""The référentiel's labels as a classic browser script, ``exports/referentiel-cip.js``.

Pages opened from file:// can neither ``fetch()`` a JSON file nor import a module, so the data
ships as a script (as Sphinx's ``Search.setIndex(…)``) that calls
``CIP.referentiel.charger({...})`` (content/javascripts/cip.js). It may load before or after
cip.js: without ``charger`` yet, it leaves its data in ``CIP.referentielEnAttente``.

Shape (``format`` « referentiel-cip/libelles », ``version_format`` 1): ``version`` of the
framework, ``titre``; ``niveaux`` of the scale (id, libelle, description, maitrise); ``ccps``
(id, numero, intitule, page, competences: ids); ``competences`` (id, ccp, numero, intitule,
page, criteres: id, numero « C1 », libelle, propose; seances: id, intitule, date, semaine,
page, in date order); ``grilles`` (cle, type, entite, variante, titre, page, version);
``outils`` whose form situates levels (see ``_outils``).
``page`` is a URL relative to the site root. Every string is JSON-encoded for a <script>
context: ``<``, ``>``, ``&``, U+2028 and U+2029 are written as \\u escapes, so no label can
close the script or break the line.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..couverture import Couverture
from ..grilles import Grilles
from ..model import Framework
from ..paths import path
from ..text import json_script

FORMAT = "referentiel/libelles"  # without a titre.yml
FORMAT_VERSION = 1


def script_json(data: object) -> str:
    """JSON that is safe inside an inline or external classic script (text.json_script)."""
    return json_script(data, indent=1)


def _url(path: PurePosixPath) -> str:
    return str(path.with_suffix(".html"))


def labels(fw: Framework) -> dict[str, object]:
    couverture = Couverture(fw)
    calendrier = couverture.calendrier
    grilles = Grilles(fw)
    niveaux = fw.echelle.niveaux if fw.echelle else ()
    return {
        "format": f"referentiel-{fw.titre.id}/libelles" if fw.titre else FORMAT,
        "version_format": FORMAT_VERSION,
        "version": grilles.version,
        "titre": fw.titre.intitule if fw.titre else "",
        "niveaux": [{"id": n.id, "libelle": n.libelle, "description": n.description,
                     "maitrise": n.maitrise} for n in niveaux],
        "ccps": [{"id": c.id, "numero": c.numero, "intitule": c.intitule,
                  "page": _url(path(c)),
                  "competences": [k.id for k in fw.competences if k.ccp == c.id]}
                 for c in fw.ccps],
        "competences": [{
            "id": c.id, "ccp": c.ccp, "numero": c.numero, "intitule": c.intitule,
            "page": _url(path(c)),
            "criteres": [{"id": cr.id, "numero": f"C{i}", "libelle": cr.libelle,
                          "propose": cr.propose} for i, cr in enumerate(c.criteres, start=1)],
            "seances": [{"id": s.id, "intitule": s.intitule, "date": s.date,
                         "semaine": calendrier.semaine_de(s), "page": _url(path(s))}
                        for s in couverture.seances_de(c)],
        } for c in fw.competences],
        "grilles": [{"cle": g.cle, "type": g.type, "entite": g.entite.id,
                     "variante": g.variante.id if g.variante else None, "titre": g.titre,
                     "page": _url(g.page), "version": g.version} for g in grilles],
        "outils": _outils(fw, {g.entite.id: g for g in grilles if g.type == "outil"}),
    }


def _outils(fw: Framework, grilles: dict) -> list[dict[str, object]]:
    """The tools whose form situates levels (suivi de l'équipe, equipe.js), in the order of the
    salarié's path (their first step). Per tool: ``cle`` of its exports, ``page`` of its sheet,
    ``personne`` (the « Nom et prénom » field, as on the sheet), ``date`` (its last date field:
    the day of the positionnement, of the evaluation, of the attestation) and ``criteres``: each
    level field with ``ligne``, the short text field before it in its section that names what
    it situates (« Activité 1 »), or null when the level field is its own criterion, and
    ``evalue_par`` (encadrant or salarie)."""
    rang = {e.id: i for i, e in enumerate(fw.etapes)}
    res = []
    for o in sorted(fw.outils, key=lambda o: (min((rang.get(e, len(rang)) for e in o.etapes),
                                                  default=len(rang)), o.id)):
        if o.formulaire is None or o.id not in grilles:
            continue
        champs = [c for r in o.formulaire.rubriques for c in r.champs]
        personne = next((c.id for c in champs if c.libelle.startswith("Nom et prénom")), None)
        dates = [c.id for c in champs if c.type == "date"]
        criteres = []
        for r in o.formulaire.rubriques:
            texte = None
            for c in r.champs:
                if c.type == "texte":
                    texte = c
                elif c.type in ("niveau", "niveau_atteint"):
                    criteres.append({"id": c.id, "libelle": c.libelle, "type": c.type,
                                     "ligne": texte.id if texte else None,
                                     "ligne_libelle": texte.libelle if texte else None,
                                     "evalue_par": c.evalue_par or "encadrant"})
        if criteres:
            res.append({"id": o.id, "intitule": o.intitule, "cle": grilles[o.id].cle,
                        "page": _url(grilles[o.id].page), "etapes": list(o.etapes),
                        "personne": personne, "date": dates[-1] if dates else None,
                        "criteres": criteres})
    return res


def export_script(fw: Framework) -> str:
    return (
        f"/* Référentiel {fw.titre.sigle if fw.titre else ''} : libellés pour les pages du site "
        "(généré, ne pas modifier). */\n"
        "(function (CIP, donnees) {\n"
        '  "use strict";\n'
        "  if (CIP.referentiel && CIP.referentiel.charger) CIP.referentiel.charger(donnees);\n"
        "  else CIP.referentielEnAttente = donnees;\n"
        f"}})(window.CIP = window.CIP || {{}}, {script_json(labels(fw))});\n"
    )

"""The whole model as JSON: every fact with its sources and its confidence.

The shape is described by generator/schemas/export/referentiel-cip.schema.json (JSON Schema
2020-12). Field names are the YAML keys; each object that cites sources also gets its
effective ``confiance`` (stated, else the best of its sources, as on the site) and
``a_verifier`` (confidence C or ?). A framework whose tools aim at the compétences of linked
frameworks also exports, in ``referentiels_lies``, those compétences as their framework states
them (the tools' ``competences_visees`` name them « id du référentiel:id »).
"""

from __future__ import annotations

import dataclasses
import json

from ..confiance import Confiance
from ..model import Entity, Framework
from ..visees import visees

FORMAT = "referentiel"  # without a titre.yml (never exported: the export needs one)
FORMAT_VERSION = 1
SCHEMA_ID = "https://schemas.referentiel-cip.invalid/export/referentiel-cip.schema.json"
_TRAILING = ("sources", "confiance", "a_verifier", "note")


def _value(value: object, view: Confiance) -> object:
    if isinstance(value, Entity):
        return _entity(value, view)
    if isinstance(value, tuple):
        return [_value(item, view) for item in value]
    return value


def _entity(obj: Entity, view: Confiance) -> dict[str, object]:
    names = [f.name for f in dataclasses.fields(obj)
             if f.name != "origine" and not f.metadata.get("calcule")]
    out: dict[str, object] = {}
    for name in [n for n in names if n not in _TRAILING] + [n for n in _TRAILING if n in names]:
        value = getattr(obj, name)
        if value is None:
            continue
        out[name] = _value(value, view)
        if name == "sources":
            out["confiance"] = view.confiance(obj)
            out["a_verifier"] = view.a_verifier(obj)
    return out


def export_data(fw: Framework) -> dict[str, object]:
    view = Confiance(fw)

    def many(items: tuple) -> list[object]:
        return [_entity(item, view) for item in items]

    data: dict[str, object] = {
        "$schema": SCHEMA_ID,
        "format": f"referentiel-{fw.titre.id}" if fw.titre else FORMAT,
        "version_format": FORMAT_VERSION,
        "titre": _entity(fw.titre, view) if fw.titre else None,
        "ccps": many(fw.ccps),
        "competences": many(fw.competences),
        "echelle": _entity(fw.echelle, view) if fw.echelle else None,
        "etapes": many(fw.etapes),
        "outils": many(fw.outils),
        "reconnaissances": many(fw.reconnaissances),
        "versions": many(fw.versions),
        "glossaire": many(fw.glossaire),
        "acteurs": many(fw.acteurs),
        "sources": many(fw.sources),
        "seances": many(fw.seances),
    }
    lies = _referentiels_lies(fw)
    if lies:
        data["referentiels_lies"] = lies
    if fw.ecole:
        data["ecole"] = _entity(fw.ecole, view)
    if fw.programme:
        data["programme"] = _entity(fw.programme, view)
    return data


def _referentiels_lies(fw: Framework) -> list[dict[str, object]]:
    """Each linked framework some tool aims at: what identifies it, and the compétences aimed
    at (with their parts and the sources they cite), as that framework states them."""
    out: list[dict[str, object]] = []
    for ident, lie in fw.lies:
        groupes = [g for outil in fw.outils for g in visees(fw, outil) if g.id == ident]
        if not groupes or lie.titre is None:
            continue
        view = Confiance(lie)
        ids = {c.competence.id for g in groupes for c in g.competences}
        competences = [c for c in lie.competences if c.id in ids]
        blocs = {c.ccp for c in competences}
        cites = {s for c in competences for s in (*c.sources,
                                                   *(x for cr in c.criteres for x in cr.sources))}
        cites |= {s for c in lie.ccps if c.id in blocs for s in c.sources}
        out.append({
            "id": ident,
            "intitule": lie.titre.intitule,
            "sigle": lie.titre.sigle,
            "version": lie.titre.version,
            "ccps": [_entity(c, view) for c in lie.ccps if c.id in blocs],
            "competences": [_entity(c, view) for c in competences],
            "sources": [_entity(s, view) for s in lie.sources if s.id in cites],
        })
    return out


def export_json(fw: Framework) -> str:
    return json.dumps(export_data(fw), ensure_ascii=False, indent=2) + "\n"

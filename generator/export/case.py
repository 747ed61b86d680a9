"""1EdTech CASE 1.0 package (CFPackage): the CCP, competences and criteria as CFItems linked
by ``isChildOf`` associations, and one CFRubric per competence (one criterion per critère,
one level per level of the scale). A tool that aims at the compétences of a linked framework
(``competences_visees``) is an item too, ``isRelatedTo`` the items of the other framework's
package: the association names them by the identifiers that package gives them.

Identifiers are UUIDs derived with uuid5 from a fixed namespace and our ids, so that they
survive rebuilds. URIs are ``urn:uuid:`` URIs (the site has no fixed web address). Dates
come from the data: the most recent consultation date of the sources, never the clock.
"""

from __future__ import annotations

import json
import uuid

from ..confiance import Confiance
from ..libelles import majuscule
from ..model import Ccp, Competence, Critere, Framework, Niveau, Outil
from ..relations import competences_par_ccp
from ..visees import visees


def espace_de_noms(id_referentiel: str) -> uuid.UUID:
    """The namespace of a framework's identifiers, from its id: fixed once and for all
    (changing it would change every identifier of the package); two frameworks never share an
    identifier, even for the same compétence id, and another package can name an item of this
    one (CFAssociation). The CIP's is the namespace its identifiers were first published in."""
    return uuid.uuid5(uuid.NAMESPACE_URL,
                      f"https://schemas.referentiel-{id_referentiel}.invalid/case")


NAMESPACE = espace_de_noms("cip")


def identifier(kind: str, key: str, ns: uuid.UUID = NAMESPACE) -> str:
    """The stable UUID of one object of the package (``kind`` and our id) in the namespace
    ``ns`` of its framework."""
    return str(uuid.uuid5(ns, f"{kind}:{key}"))


def _item_types(fw: Framework) -> dict[str, str]:
    return {"ccp": majuscule(fw.vocabulaire.partie.singulier), "competence": "Compétence",
            "critere": "Critère d'évaluation",
            "outil": "Outil d'évaluation en situation de production"}


def _uri(ident: str) -> str:
    return f"urn:uuid:{ident}"


def _link(title: str, ident: str) -> dict[str, str]:
    return {"title": title, "identifier": ident, "uri": _uri(ident)}


def last_change(fw: Framework) -> str:
    """The most recent consultation date of the sources, as a CASE date-time."""
    dates = sorted(s.consulte_le for s in fw.sources)
    return f"{dates[-1] if dates else '1970-01-01'}T00:00:00+00:00"


def _notes(view: Confiance, obj: object, extra: str = "") -> str:
    confiance = view.confiance(obj)
    parts = [extra] if extra else []
    sources = getattr(obj, "sources", ())
    if sources:
        parts.append("Sources : " + ", ".join(view.source(s).titre for s in sources) + ".")
    parts.append(f"Confiance {confiance}" + (" : à vérifier." if view.a_verifier(obj) else "."))
    note = getattr(obj, "note", None)
    if note:
        parts.append(" ".join(note.split()))
    return " ".join(parts)


def export_data(fw: Framework) -> dict[str, object]:
    assert fw.titre is not None and fw.echelle is not None
    view = Confiance(fw)
    ns = espace_de_noms(fw.titre.id)
    item_types = _item_types(fw)
    du_ccp = competences_par_ccp(fw)
    changed = last_change(fw)
    document = _document(fw, changed)
    doc_id, title = str(document["identifier"]), str(document["title"])
    doc_link = _link(title, doc_id)

    items: list[dict[str, object]] = []
    associations: list[dict[str, object]] = []
    titles: dict[str, str] = {}

    ns = espace_de_noms(fw.titre.id)

    def item(kind: str, key: str, statement: str, coding: str, enumeration: int,
             obj: object, extra: str = "") -> str:
        ident = identifier("item", key, ns)
        titles[ident] = " ".join(statement.split())
        items.append({
            "identifier": ident,
            "uri": _uri(ident),
            "CFDocumentURI": doc_link,
            "fullStatement": " ".join(statement.split()),
            "humanCodingScheme": coding,
            "listEnumeration": str(enumeration),
            "CFItemType": item_types[kind],
            "language": "fr",
            "notes": _notes(view, obj, extra),
            "lastChangeDateTime": changed,
        })
        return ident

    def associate(kind: str, origin: str, destination: str, destination_title: str,
                  sequence: int) -> None:
        ident = identifier("association", f"{origin}{_SEPARATEURS[kind]}{destination}", ns)
        associations.append({
            "identifier": ident,
            "uri": _uri(ident),
            "CFDocumentURI": doc_link,
            "associationType": kind,
            "sequenceNumber": sequence,
            "originNodeURI": _link(titles[origin], origin),
            "destinationNodeURI": _link(destination_title, destination),
            "lastChangeDateTime": changed,
        })

    def child_of(child: str, parent: str, parent_title: str, sequence: int) -> None:
        associate("isChildOf", child, parent, parent_title, sequence)

    rubrics: list[dict[str, object]] = []
    for n, ccp in enumerate(fw.ccps, 1):
        ccp_id = item("ccp", ccp.id, ccp.intitule, f"{item_types['ccp']} {ccp.numero}",
                      ccp.numero, ccp)
        child_of(ccp_id, doc_id, title, n)
        for m, competence in enumerate(du_ccp.get(ccp.id, ()), 1):
            comp_id = item("competence", competence.id, competence.intitule,
                           str(competence.numero), competence.numero, competence)
            child_of(comp_id, ccp_id, titles[ccp_id], m)
            for k, critere in enumerate(competence.criteres, 1):
                statut = "Critère proposé." if critere.propose else "Critère officiel."
                crit_id = item("critere", critere.id, critere.libelle,
                               f"{competence.numero}.{k}", k, critere, statut)
                child_of(crit_id, comp_id, titles[comp_id], k)
            rubrics.append(_rubric(competence, fw.echelle.niveaux, changed, ns))

    _outils_vises(fw, item, child_of, associate, doc_id, title)
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": rubrics,
    }


def _document(fw: Framework, changed: str) -> dict[str, object]:
    assert fw.titre is not None
    ns = espace_de_noms(fw.titre.id)
    doc_id = identifier("document", fw.titre.id, ns)
    package_id = identifier("package", fw.titre.id, ns)
    title = f"{fw.titre.intitule} ({fw.titre.sigle}), version {fw.titre.version}"
    return {
        "identifier": doc_id,
        "uri": _uri(doc_id),
        "CFPackageURI": _link(title, package_id),
        "creator": fw.ecole.intitule if fw.ecole else fw.titre.intitule,
        "title": title,
        "lastChangeDateTime": changed,
        "description": " ".join(" ".join(p.texte.split()) for p in fw.titre.description[:1]),
        "language": "fr",
        "version": fw.titre.version,
        "notes": (
            f"Export du référentiel {fw.titre.sigle}. Les critères d'évaluation marqués "
            "« critère proposé » viennent de l'équipe pédagogique, pas d'un texte officiel."
        ),
    }


# What an association's identifier puts between the identifiers of its two ends.
_SEPARATEURS = {"isChildOf": ">", "isRelatedTo": "~"}


def _outils_vises(fw: Framework, item, child_of, associate, doc_id: str, title: str) -> None:
    """The tools that aim at the compétences of linked frameworks: each an item of this
    package, child of the document after the CCP, ``isRelatedTo`` the items of the other
    package (named by the identifiers its own export gives them)."""
    for n, outil in enumerate((o for o in fw.outils if visees(fw, o)), len(fw.ccps) + 1):
        noms = ", ".join(f"le {g.nom} (référentiel « {g.id} », version {g.titre.version})"
                         for g in visees(fw, outil))
        outil_id = item("outil", f"outil:{outil.id}", outil.intitule, f"Outil {outil.id}", n,
                        outil, f"Pour un salarié qui prépare {noms}.")
        child_of(outil_id, doc_id, title, n)
        for m, (lie_id, cible) in enumerate(_cibles(fw, outil), 1):
            associate("isRelatedTo", outil_id, identifier("item", cible.id, espace_de_noms(lie_id)),
                      " ".join(cible.intitule.split()), m)


def _cibles(fw: Framework, outil: Outil) -> list[tuple[str, Competence | Ccp]]:
    """What the tool's ``competences_visees`` name, in their order: (linked framework's id,
    its compétence or part); the references were checked."""
    out: list[tuple[str, Competence | Ccp]] = []
    for ref in outil.competences_visees or ():
        lie_id, _, ident = ref.partition(":")
        lie = fw.lie(lie_id)
        if lie is None:
            continue
        cible = next((c for c in (*lie.competences, *lie.ccps) if c.id == ident), None)
        if cible is not None:
            out.append((lie_id, cible))
    return out


def _rubric(competence: Competence, niveaux: tuple[Niveau, ...], changed: str,
            ns: uuid.UUID = NAMESPACE) -> dict[str, object]:
    rubric_id = identifier("rubric", competence.id, ns)
    return {
        "identifier": rubric_id,
        "uri": _uri(rubric_id),
        "title": f"Grille d'évaluation : {' '.join(competence.intitule.split())}",
        "description": f"Compétence {competence.numero} ; un niveau de l'échelle par critère.",
        "lastChangeDateTime": changed,
        "CFRubricCriteria": [
            _criterion(competence, critere, k, rubric_id, niveaux, changed, ns)
            for k, critere in enumerate(competence.criteres, 1)
        ],
    }


def _criterion(competence: Competence, critere: Critere, position: int, rubric_id: str,
               niveaux: tuple[Niveau, ...], changed: str,
               ns: uuid.UUID = NAMESPACE) -> dict[str, object]:
    criterion_id = identifier("criterion", critere.id, ns)
    item_id = identifier("item", critere.id, ns)
    statement = " ".join(critere.libelle.split())
    return {
        "identifier": criterion_id,
        "uri": _uri(criterion_id),
        "category": f"Compétence {competence.numero}",
        "description": statement,
        "CFItemURI": _link(statement, item_id),
        "position": position,
        "rubricId": rubric_id,
        "lastChangeDateTime": changed,
        "CFRubricCriterionLevels": [
            {
                "identifier": (level_id := identifier("level", f"{critere.id}:{niveau.id}", ns)),
                "uri": _uri(level_id),
                "quality": niveau.libelle,
                "description": " ".join(niveau.description.split()),
                "position": p,
                "rubricCriterionId": criterion_id,
                "lastChangeDateTime": changed,
            }
            for p, niveau in enumerate(niveaux, 1)
        ],
    }


def export_case(fw: Framework) -> str:
    return json.dumps(export_data(fw), ensure_ascii=False, indent=2) + "\n"

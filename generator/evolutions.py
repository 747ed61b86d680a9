"""The versions of the title compared: 2013 → 2018 → … → the version in force.

Each version kept in framework/versions/ and the current one (titre.yml, ccp/, competences/)
become comparable elements; the comparison itself is ``diff.compare``. A former competence is
identified by ``correspond_a`` (the current competence it corresponds to); several former
competences with the same ``correspond_a`` were merged; one without ``correspond_a`` has no
successor. Nothing else is inferred: what the data do not say does not appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diff import Changement, Element, Value, compare, same_text
from .libelles import majuscule
from .model import Framework, Titre, VersionTitre


@dataclass(frozen=True)
class Etat:
    """One version of the title, as comparable elements."""

    annee: str
    texte: str
    objet: VersionTitre | Titre  # sources, confidence and note of the version
    elements: tuple[Element, ...]
    en_vigueur: bool = False


@dataclass
class Evolution:
    avant: Etat
    apres: Etat
    changements: list[Changement]
    ccp_ajoutes: list[Changement] = field(default_factory=list)
    ccp_retires: list[Changement] = field(default_factory=list)
    ccp_renommes: list[Changement] = field(default_factory=list)
    ajoutees: list[Changement] = field(default_factory=list)
    retirees: list[Changement] = field(default_factory=list)
    renommees: list[Changement] = field(default_factory=list)
    regroupees: list[Changement] = field(default_factory=list)
    deplacees: list[Changement] = field(default_factory=list)


def ignoring_final_period(value: Value) -> Value:
    """Official texts of 2013 end their competences with a period, later sources do not."""
    value = same_text(value)
    if isinstance(value, tuple):
        return tuple(v.rstrip(" .") for v in value)
    return value.rstrip(" .")


def _ccp_label(numero: int, partie: str) -> str:
    """« CCP 1 », « Bloc de compétences 1 » (``partie``: the name of a part, capitalised)."""
    return f"{partie} {numero}"


def etat_version(version: VersionTitre, partie: str) -> Etat:
    elements: list[Element] = []
    groups: dict[str, list[tuple[int, str]]] = {}
    alone: list[Element] = []
    for ccp in version.ccp:
        elements.append(Element("ccp", f"ccp{ccp.numero}", ccp.intitule,
                                (("intitule", ccp.intitule),), version.sources, version.confiance))
        for i, competence in enumerate(ccp.competences, 1):
            if competence.correspond_a:
                groups.setdefault(competence.correspond_a, []).append(
                    (ccp.numero, competence.intitule))
            else:
                alone.append(Element(
                    "competence", f"{version.id}-ccp{ccp.numero}-{i}", competence.intitule,
                    (("ccp", _ccp_label(ccp.numero, partie)), ("intitule", competence.intitule)),
                    version.sources, version.confiance))
    for ident, members in groups.items():
        ccps = tuple(dict.fromkeys(_ccp_label(n, partie) for n, _ in members))
        intitules = tuple(text for _, text in members)
        elements.append(Element(
            "competence", ident, intitules[0],
            (("ccp", ccps[0] if len(ccps) == 1 else ccps),
             ("intitule", intitules[0] if len(intitules) == 1 else intitules)),
            version.sources, version.confiance))
    elements += alone
    return Etat(version.annee, version.texte, version, tuple(elements))


def etat_courant(fw: Framework) -> Etat:
    assert fw.titre is not None
    partie = majuscule(fw.vocabulaire.partie.singulier)
    numeros = {c.id: c.numero for c in fw.ccps}
    elements = [Element("ccp", f"ccp{c.numero}", c.intitule, (("intitule", c.intitule),),
                        c.sources, c.confiance) for c in fw.ccps]
    elements += [
        Element("competence", c.id, c.intitule,
                (("ccp", _ccp_label(numeros.get(c.ccp, 0), partie)), ("intitule", c.intitule)),
                c.sources, c.confiance)
        for c in fw.competences
    ]
    return Etat(fw.titre.version, fw.titre.intitule, fw.titre, tuple(elements), en_vigueur=True)


def evolution(avant: Etat, apres: Etat) -> Evolution:
    changes = compare(avant.elements, apres.elements, normalise=ignoring_final_period)
    evo = Evolution(avant, apres, changes)
    for change in changes:
        if change.type == "ccp":
            target = {"ajout": evo.ccp_ajoutes, "suppression": evo.ccp_retires,
                      "modification": evo.ccp_renommes}[change.nature]
            target.append(change)
            continue
        if change.nature == "ajout":
            evo.ajoutees.append(change)
        elif change.nature == "suppression":
            evo.retirees.append(change)
        else:
            intitule = change.champ("intitule")
            if intitule is not None:
                merged = isinstance(intitule.avant, tuple)
                (evo.regroupees if merged else evo.renommees).append(change)
            if change.champ("ccp") is not None:
                evo.deplacees.append(change)
    return evo


def evolutions(fw: Framework) -> list[Evolution]:
    """Consecutive versions compared, oldest first, ending with the version in force."""
    current = fw.titre.version if fw.titre else ""
    partie = majuscule(fw.vocabulaire.partie.singulier)
    etats = [etat_version(v, partie) for v in fw.versions if v.annee != current]
    etats.append(etat_courant(fw))
    return [evolution(a, b) for a, b in zip(etats, etats[1:], strict=False)]

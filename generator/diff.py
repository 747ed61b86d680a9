"""Comparing two states of the framework: what was added, removed or changed, field by field.

The engine (``compare``) works on ``Element`` records (type, id, label, comparable fields,
sources) so that it serves both ``python -m generator diff`` (two framework folders, see
``elements``) and the page on the versions of the title (see ``evolutions.py``). Pure: no
reading, no writing.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .libelles import majuscule, pluriel
from .model import Entity, Framework, Vocabulaire
from .model_vocabulaire import VOCABULAIRE_NEUTRE

Value = str | tuple[str, ...]

# Entity types in display order: key → (singular, plural).
TYPES: dict[str, tuple[str, str]] = {
    "titre": ("Certification", "Certification"),  # titre, ccp, version: worded by the
    # framework's vocabulary (``noms_des_types``)
    "ccp": ("Partie", "Parties"),
    "competence": ("Compétence", "Compétences"),
    "critere": ("Critère", "Critères"),
    "echelle": ("Échelle", "Échelle"),
    "etape": ("Étape du parcours", "Étapes du parcours"),
    "outil": ("Outil", "Outils"),
    "programme": ("Programme", "Programme"),
    "seance": ("Séance", "Séances"),
    "reconnaissance": ("Reconnaissance", "Reconnaissances"),
    "version": ("Version", "Versions"),
    "ecole": ("École", "École"),
    "dossier_professionnel": ("Dossier professionnel", "Dossier professionnel"),
    "rubrique_dp": ("Rubrique du dossier professionnel", "Rubriques du dossier professionnel"),
    "question_dp": ("Question du dossier professionnel", "Questions du dossier professionnel"),
    "terme": ("Terme du glossaire", "Termes du glossaire"),
    "acteur": ("Acteur", "Acteurs"),
    "source": ("Source", "Sources"),
}
NATURES = ("ajout", "suppression", "modification")


@dataclass(frozen=True)
class Element:
    """One comparable thing: its fields as text (or tuples of texts), and its sources."""

    type: str
    id: str
    libelle: str
    champs: tuple[tuple[str, Value], ...]
    sources: tuple[str, ...] = ()
    confiance: str | None = None

    def champ(self, name: str) -> Value | None:
        return dict(self.champs).get(name)


@dataclass(frozen=True)
class ChampModifie:
    champ: str
    avant: Value | None
    apres: Value | None


@dataclass(frozen=True)
class Changement:
    type: str
    id: str
    nature: str  # ajout, suppression, modification
    avant: Element | None
    apres: Element | None
    champs: tuple[ChampModifie, ...] = ()

    @property
    def element(self) -> Element:
        return self.apres or self.avant  # type: ignore[return-value]

    def champ(self, name: str) -> ChampModifie | None:
        return next((c for c in self.champs if c.champ == name), None)


def same_text(value: Value) -> Value:
    """Texts compared with their whitespace collapsed (YAML folding is not a change)."""
    if isinstance(value, tuple):
        return tuple(" ".join(v.split()) for v in value)
    return " ".join(value.split())


def compare(avant: Iterable[Element], apres: Iterable[Element],
            normalise: Callable[[Value], Value] = same_text) -> list[Changement]:
    """Every change from ``avant`` to ``apres``, grouped by type (``TYPES`` order), then in the
    order of the elements (new order first, removed ones where they were)."""
    before = {(e.type, e.id): (i, e) for i, e in enumerate(avant)}
    after = {(e.type, e.id): (i, e) for i, e in enumerate(apres)}
    rank = {t: n for n, t in enumerate(TYPES)}
    changes: list[tuple[tuple[int, int, int], Changement]] = []
    for key in before.keys() | after.keys():
        kind, ident = key
        old = before.get(key, (None, None))[1]
        new = after.get(key, (None, None))[1]
        if old is None:
            change = Changement(kind, ident, "ajout", None, new)
        elif new is None:
            change = Changement(kind, ident, "suppression", old, None)
        else:
            fields = _changed_fields(old, new, normalise)
            if not fields:
                continue
            change = Changement(kind, ident, "modification", old, new, fields)
        position = after[key][0] if key in after else before[key][0]
        order = (rank.get(kind, len(rank)), position, NATURES.index(change.nature))
        changes.append((order, change))
    return [change for _, change in sorted(changes, key=lambda item: (item[0], item[1].id))]


def _changed_fields(old: Element, new: Element,
                    normalise: Callable[[Value], Value]) -> tuple[ChampModifie, ...]:
    names = [n for n, _ in old.champs] + [n for n, _ in new.champs if old.champ(n) is None]
    changed = []
    for name in names:
        a, b = old.champ(name), new.champ(name)
        if (None if a is None else normalise(a)) != (None if b is None else normalise(b)):
            changed.append(ChampModifie(name, a, b))
    return tuple(changed)


# -- the whole framework as elements --------------------------------------------------------------

_SEPARATE = {"competence": {"criteres"}, "dossier_professionnel": {"rubriques"},
             "rubrique_dp": {"questions"}}  # nested lists compared as elements of their own
_LABEL_FIELDS = ("intitule", "libelle", "sigle", "titre", "texte")


def _text(value: object) -> Value | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, Entity):
        return _entity_text(value)
    if isinstance(value, tuple):
        return tuple(t for t in (_text(v) for v in value) if isinstance(t, str))
    return str(value)


def _entity_text(entity: Entity) -> str:
    """A nested object (fact, rule, paragraph…) as one line of text: its own fields, then its
    sources, confidence and note in parentheses."""
    main, extra = [], []
    for f in dataclasses.fields(entity):
        if f.name in ("id", "origine"):
            continue
        value = _text(getattr(entity, f.name))
        if isinstance(value, tuple):
            value = ", ".join(value)
        if not value:
            continue
        if f.name in ("sources", "confiance", "note"):
            extra.append(f"{f.name} : {value}")
        else:
            main.append(value)
    text = " : ".join(main)
    return f"{text} ({' ; '.join(extra)})" if extra else text


def _element(kind: str, entity: Entity, ident: str | None = None) -> Element:
    champs = []
    for f in dataclasses.fields(entity):
        if f.name in ("id", "origine") or f.name in _SEPARATE.get(kind, ()):
            continue
        value = _text(getattr(entity, f.name))
        if value is not None and value != ():
            champs.append((f.name, value))
    label = next((str(getattr(entity, n)) for n in _LABEL_FIELDS if getattr(entity, n, None)), "")
    return Element(kind, ident or str(getattr(entity, "id", "")), " ".join(label.split()),
                   tuple(champs),
                   tuple(getattr(entity, "sources", ())), getattr(entity, "confiance", None))


def elements(fw: Framework) -> list[Element]:
    """The framework as comparable elements (criteria apart from their competence)."""
    out: list[Element] = []
    if fw.titre:
        out.append(_element("titre", fw.titre))
    out += [_element("ccp", c) for c in fw.ccps]
    for competence in fw.competences:
        out.append(_element("competence", competence))
        out += [_element("critere", critere) for critere in competence.criteres]
    if fw.echelle:
        out.append(_element("echelle", fw.echelle))
    out += [_element("etape", e) for e in fw.etapes]
    out += [_element("outil", o) for o in fw.outils]
    if fw.programme:
        out.append(_element("programme", fw.programme))
    out += [_element("seance", s) for s in fw.seances]
    out += [_element("reconnaissance", r) for r in fw.reconnaissances]
    out += [_element("version", v) for v in fw.versions]
    if fw.ecole:
        out.append(_element("ecole", fw.ecole))
    dp = fw.dossier_professionnel
    if dp:
        out.append(_element("dossier_professionnel", dp))
        for name, rubrique in dp.rubriques.dans_l_ordre() if dp.rubriques else ():
            out.append(_element("rubrique_dp", rubrique, name))
            out += [_element("question_dp", q) for q in rubrique.questions]
    out += [_element("terme", t) for t in fw.glossaire]
    out += [_element("acteur", a) for a in fw.acteurs]
    out += [_element("source", s) for s in fw.sources]
    return out


def compare_frameworks(avant: Framework, apres: Framework) -> list[Changement]:
    return compare(elements(avant), elements(apres))


# -- as text, for the command line ----------------------------------------------------------------

def _quote(value: Value | None) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, tuple):
        return "[" + ", ".join(f"« {' '.join(v.split())} »" for v in value) + "]"
    return f"« {' '.join(value.split())} »"


def _reworded(avant: tuple[str, ...], apres: tuple[str, ...]) -> list[tuple[str, str]]:
    """Items of a list rewritten in place (an objective reformulated): same position in the
    list, the old text gone, the new one absent before."""
    pairs = []
    matcher = difflib.SequenceMatcher(a=avant, b=apres, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs += [(a, b) for a, b in zip(avant[i1:i2], apres[j1:j2], strict=True)
                      if a not in apres and b not in avant]
    return pairs


def _field_lines(field: ChampModifie) -> list[str]:
    if isinstance(field.avant, tuple) and isinstance(field.apres, tuple):
        avant, apres = same_text(field.avant), same_text(field.apres)
        pairs = _reworded(avant, apres)  # type: ignore[arg-type]
        lines = [f"    {field.champ} : {_quote(a)} → {_quote(b)}" for a, b in pairs]
        lines += [f"    {field.champ} : retiré {_quote(v)}" for v in avant
                  if v not in apres and v not in {a for a, _ in pairs}]
        lines += [f"    {field.champ} : ajouté {_quote(v)}" for v in apres
                  if v not in avant and v not in {b for _, b in pairs}]
        return lines or [f"    {field.champ} : ordre modifié"]
    return [f"    {field.champ} : {_quote(field.avant)} → {_quote(field.apres)}"]


def noms_des_types(vocabulaire: Vocabulaire) -> dict[str, tuple[str, str]]:
    """``TYPES`` in the framework's words: « CCP », « Version du titre »."""
    partie, certification = vocabulaire.partie, vocabulaire.certification
    return {**TYPES,
            "titre": (majuscule(certification.singulier),) * 2,
            "ccp": (majuscule(partie.singulier), majuscule(partie.pluriel)),
            "version": (f"Version {certification.du}", f"Versions {certification.du}")}


def format_changes(changes: Sequence[Changement],
                   vocabulaire: Vocabulaire = VOCABULAIRE_NEUTRE) -> str:
    """The changes grouped by type, one line per entity, indented lines per field: texts as
    « ancien » → « nouveau », lists as the items removed and added (an item rewritten in place
    as « ancien » → « nouveau »)."""
    if not changes:
        return "Aucune différence.\n"
    types = noms_des_types(vocabulaire)
    lines: list[str] = []
    current = None
    for change in changes:
        if change.type != current:
            current = change.type
            if lines:
                lines.append("")
            lines.append(f"{types.get(change.type, (change.type, change.type))[1]} :")
        lines.append(f"  {change.nature} {change.id} {_quote(change.element.libelle)}")
        for field in change.champs:
            lines += _field_lines(field)
    counts = [sum(1 for c in changes if c.nature == n) for n in NATURES]
    lines.append("")
    lines.append(f"{pluriel(counts[0], 'ajout')}, {pluriel(counts[1], 'suppression')}, "
                 f"{pluriel(counts[2], 'modification')}.")
    return "\n".join(lines) + "\n"

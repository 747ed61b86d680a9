"""The ids that the files declare, even files that failed earlier stages, so that a broken
file does not make every reference to it look dangling."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..load import FOLDERS, SourceDoc

# What a reference names, in French, for messages: "outil inconnu « x »".
REF_NAMES = {
    "competence": "compétence inconnue",
    "ccp": "partie inconnue",  # worded by the framework's vocabulary (context.ref)
    "outil": "outil inconnu",
    "etape_parcours": "étape du parcours inconnue",
    "acteur": "acteur inconnu",
    "source": "source inconnue",
    "niveau": "niveau inconnu",
    "critere": "critère inconnu",
    "grille_outil": "grille inconnue",
}
_LIST_KEYS = {"sources": ("source", "sources"), "acteurs": ("acteur", "acteurs")}
_OPTIONAL_LISTS = {"acteurs"}  # a framework without parcours or outils needs no acteurs.yml


@dataclass
class Declared:
    """Ids declared by the files, including files that failed validation.

    ``unknown`` holds the kinds whose ids cannot be known (their file is unreadable), for
    which references are not checked rather than all reported as dangling.
    """

    ids: dict[str, set[str]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    # Compétences named by séance files, valid or not (None: a séance file does not parse).
    couvertes: set[str] | None = field(default_factory=set)

    def knows(self, kind: str, value: str) -> bool:
        return kind in self.unknown or value in self.ids[kind]


def declared_ids(docs: Iterable[SourceDoc], entity_files: Iterable[PurePosixPath],
                 files: Iterable[PurePosixPath] | None = None) -> Declared:
    """``entity_files``: the loader's entity files, each ``folder/stem.yml`` (the loader
    classifies no other path as an entity). ``files``: every file the loader found; an
    optional list file that is not among them (a framework without ``acteurs.yml``) declares no
    id, and every reference to one is dangling."""
    found = None if files is None else set(files)
    declared = Declared(ids={kind: set() for kind in REF_NAMES})
    entity_files = list(entity_files)
    for rel in entity_files:  # a file's stem is its id, even when the file does not parse
        kind = FOLDERS.get(rel.parts[0])
        if kind in REF_NAMES:
            declared.ids[kind].add(rel.stem)
    parsed_lists = set()
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        if doc.kind in REF_NAMES and isinstance(data.get("id"), str):
            declared.ids[doc.kind].add(data["id"])
        if doc.kind == "competence":
            criteres = data.get("criteres")
            if isinstance(criteres, list):
                parsed_lists.add(doc.rel.as_posix())
            declared.ids["critere"].update(_ids(criteres))
        if doc.kind == "seance" and declared.couvertes is not None:
            competences = data.get("competences")
            for item in competences if isinstance(competences, list) else []:
                if isinstance(item, str):
                    declared.couvertes.add(item)
        if doc.kind == "outil" and isinstance(data.get("id"), str) and "formulaire" in data:
            declared.ids["grille_outil"].add(data["id"])
        if doc.kind in _LIST_KEYS:
            kind, key = _LIST_KEYS[doc.kind]
            items = data.get(key)
            if isinstance(items, list):  # without its list (« acteurs: » empty), ids unknown
                parsed_lists.add(doc.kind)
            declared.ids[kind].update(_ids(items))
        if doc.kind == "echelle":
            declared.ids["niveau"].update(_ids(data.get("niveaux")))
    # A list file that is missing, does not parse or lacks its list hides its ids: its own
    # diagnostic says so, and references to it are not checked rather than all reported as
    # dangling. (The scale's levels need no such care: the only reference to a level is the
    # scale's own « defaut », checked only when the scale is valid.)
    for list_kind, ref_kind in (("sources", "source"), ("acteurs", "acteur")):
        absent = (found is not None and list_kind in _OPTIONAL_LISTS
                  and PurePosixPath(f"{list_kind}.yml") not in found)
        if list_kind not in parsed_lists and not absent:
            declared.unknown.add(ref_kind)
    # A compétence file that does not parse or lacks its list hides its criteria (and an outil
    # file that does not parse its form).
    if any(FOLDERS.get(rel.parts[0]) == "competence" and rel.as_posix() not in parsed_lists
           for rel in entity_files):
        declared.unknown.add("critere")
    parsed_outils = {doc.rel for doc in docs if doc.kind == "outil"}
    parsed_seances = {doc.rel for doc in docs if doc.kind == "seance"}
    if any(FOLDERS.get(rel.parts[0]) == "seance" and rel not in parsed_seances
           for rel in entity_files):
        declared.couvertes = None
    if any(FOLDERS.get(rel.parts[0]) == "outil" and rel not in parsed_outils
           for rel in entity_files):
        declared.unknown.add("grille_outil")
    return declared


def _ids(items: object) -> Iterator[str]:
    """The ids of a list's items, skipping what is not an item with a text id."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"]

"""A synthetic framework of N compétences, for benchmarks (``python -m generator synth``).

Deterministic for a given N (the random generator is seeded from N), valid against the
schemas and the cross-reference checks (``validate --strict`` passes), and shaped like the
real framework: about five compétences per CCP, three to six criteria each, support-path
steps and tools (with a printable form) that reference them, one séance per CCP (its
compétences, two criteria, a tool, two grids), sources, glossary and scale. No programme:
séances carry a week number only.
The texts are plausible French sentences assembled from fragments; every fact cites a
synthetic source marked « à vérifier » (confidence C), so nothing here passes for official.

Pure: ``synth_files`` returns ``{relative path: YAML text}``; the command writes it with
``write.write_tree``. A hidden marker file (``.synthetique``, ignored by ``load``) tells a
previous synthetic framework apart from real data, which is never overwritten.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml

MARKER = PurePosixPath(".synthetique")
MAX_COMPETENCES = 100_000
COMPETENCES_PAR_CCP = 5

_VERBES = [
    "Accueillir", "Informer", "Orienter", "Accompagner", "Analyser", "Conduire", "Construire",
    "Animer", "Évaluer", "Mobiliser", "Préparer", "Négocier", "Coordonner", "Formaliser",
    "Développer", "Organiser", "Suivre", "Favoriser", "Concevoir", "Réaliser",
]
_OBJETS = [
    "la demande de la personne", "un diagnostic partagé", "un projet professionnel réaliste",
    "un atelier collectif", "la levée des freins périphériques", "une démarche de recrutement",
    "le suivi administratif du parcours", "une période de mise en situation",
    "le lien avec les employeurs du territoire", "l'entretien de bilan intermédiaire",
    "la recherche de formation qualifiante", "les partenariats locaux",
    "l'évaluation des acquis en situation de travail", "la médiation vers l'emploi durable",
    "une veille sur le marché du travail", "les ressources numériques d'insertion",
    "l'intégration dans l'équipe de production", "un plan d'action individualisé",
]
_PUBLICS = [
    "d'un salarié en parcours", "d'un groupe de demandeurs d'emploi",
    "d'une personne éloignée de l'emploi",
    "d'un jeune de moins de vingt-six ans", "d'une personne en situation de handicap",
    "d'un bénéficiaire de minima sociaux", "d'une équipe d'atelier", "d'un public allophone",
]
_CONTEXTES = [
    "en tenant compte du bassin d'emploi", "dans le respect de la confidentialité",
    "en lien avec l'encadrant technique", "avec les partenaires du territoire",
    "à partir des situations de production", "en s'appuyant sur les outils numériques",
    "selon les règles du conventionnement", "en associant la personne à chaque décision",
]
_CONSTATS = [
    "Les informations transmises sont exactes, datées et sourcées",
    "La personne reformule les étapes convenues",
    "Les objectifs sont formulés de façon observable",
    "Les partenaires sollicités sont identifiés et joignables",
    "Le compte rendu est rédigé dans les délais convenus",
    "Les freins repérés font l'objet d'une solution ou d'un relais",
    "La séance suit la trame annoncée et respecte le temps prévu",
    "Les écrits professionnels respectent la confidentialité",
    "La progression est mesurée à l'aide de l'échelle d'acquisition",
    "Les choix sont argumentés à partir du diagnostic",
    "Les documents remis sont lisibles et adaptés au public",
    "La personne repart avec une prochaine étape datée",
]
_PRECISIONS = [
    "lors de l'entretien individuel", "pendant l'atelier collectif", "au moment du bilan",
    "dans le dossier de suivi", "devant l'encadrant technique", "à chaque étape du parcours",
    "avec l'accord de la personne", "sur le poste de travail",
]
_INDICATEURS = [
    "Le conseiller cite la source de l'information donnée.",
    "Une trace écrite est versée au dossier.",
    "La personne exprime son accord ou ses réserves.",
    "Le délai prévu est respecté.",
    "Le support utilisé est remis à la personne.",
    "Une question de vérification est posée.",
    "Le relais proposé est nommé avec ses coordonnées.",
    "L'observation est datée et signée.",
]
_INTERVENANTS = [
    "en poste dans une structure partenaire", "tuteur d'un stagiaire de la promotion",
    "ancienne stagiaire de l'école", "référent emploi du territoire",
]
_ETAPES = [
    "Premier contact", "Entretien d'accueil", "Visite de l'atelier", "Signature du contrat",
    "Positionnement sur le poste", "Point d'étape", "Atelier de recherche d'emploi",
    "Découverte d'un métier", "Bilan intermédiaire", "Préparation de la sortie",
    "Suivi après la sortie", "Entretien tripartite",
]
_OUTILS = [
    "Grille d'observation", "Fiche de séance", "Livret d'accueil", "Carnet de progression",
    "Fiche de liaison", "Tableau de bord", "Questionnaire d'auto-évaluation", "Plan d'action",
    "Compte rendu d'entretien", "Fiche de poste commentée",
]
_THEMES = [
    "en espaces verts", "en maraîchage", "en recyclerie", "en bâtiment second œuvre",
    "en restauration collective", "en entretien des locaux", "en couture", "en logistique",
]
_CHAMPS = [
    ("nom-salarie", "Nom et prénom du salarié", "texte"),
    ("date", "Date", "date"),
    ("activite", "Activité observée", "texte"),
    ("niveau", "Niveau atteint", "niveau"),
    ("observations", "Observations", "texte_long"),
    ("accord", "Accord du salarié", "case"),
    ("signature", "Signature de l'encadrant", "signature"),
]
_ACTEURS = [
    ("cip", "Conseiller en insertion professionnelle",
     "Accompagne la personne tout au long du parcours."),
    ("encadrant-technique", "Encadrant technique",
     "Organise la production et les situations d'apprentissage."),
    ("salarie", "Salarié en parcours",
     "Personne embauchée en contrat d'insertion, actrice de son parcours."),
    ("prescripteur", "Prescripteur", "Oriente la personne vers la structure et suit le parcours."),
    ("employeur", "Employeur partenaire",
     "Accueille la personne pour une immersion ou un recrutement."),
    ("formateur", "Organisme de formation",
     "Conduit les actions de formation prévues au parcours."),
]
_TERMES = [
    ("aci", "ACI", "Atelier et chantier d'insertion",
     "Structure qui embauche des personnes éloignées de l'emploi sur une activité de production."),
    ("cddi", "CDDI", "Contrat à durée déterminée d'insertion",
     "Contrat de travail proposé aux salariés en parcours dans une structure d'insertion."),
    ("cip", "CIP", "Conseiller en insertion professionnelle",
     "Professionnel qui accompagne les personnes vers l'emploi ou la formation."),
    ("iae", "IAE", "Insertion par l'activité économique",
     "Ensemble des structures qui proposent un emploi accompagné à des personnes en difficulté."),
    ("pmsmp", "PMSMP", "Période de mise en situation en milieu professionnel",
     "Immersion courte chez un employeur pour découvrir un métier ou confirmer un projet."),
    ("epsp", "EPSP", "Encadrement pédagogique en situation de production",
     "Démarche par laquelle l'encadrant fait de la production une occasion d'apprendre."),
    ("afest", "AFEST", "Action de formation en situation de travail",
     "Formation organisée à partir du travail réel, avec des temps de retour réflexif."),
    ("ccp", "CCP", "Certificat de compétences professionnelles",
     "Bloc d'un titre professionnel, validable séparément."),
]
_SOURCES = [
    ("synth-guide-pratique", "Guide pratique de l'accompagnement (source synthétique)", "C",
     "reseau_professionnel", "Guide pratique de l'accompagnement"),
    ("synth-etude-terrain", "Étude de terrain en atelier d'insertion (source synthétique)", "C",
     "reseau_professionnel", "Étude de terrain en atelier"),
    ("synth-retour-experience", "Retours d'expérience d'encadrants (source synthétique)", "C",
     "reseau_professionnel", "Retours d'expérience d'encadrants"),
    ("synth-equipe", "Proposition de l'équipe pédagogique (source synthétique)", "C",
     "equipe_pedagogique", "Équipe pédagogique"),
    ("synth-non-trouve", "Information non retrouvée (source synthétique)", "?",
     "organisme_formation", "Information non retrouvée"),
]
_SOURCE_IDS = [s[0] for s in _SOURCES]


def _id_width(count: int) -> int:
    return max(2, len(str(count)))


def competence_id(numero: int, total: int) -> str:
    return f"cp{numero:0{_id_width(total)}d}"


class _Writer:
    """Random texts and references, all drawn from one generator seeded from N."""

    def __init__(self, n: int) -> None:
        self.rng = random.Random(f"referentiel-synthetique-{n}")

    def pick(self, items: list):
        return self.rng.choice(items)

    def sources(self, count: int = 2) -> list[str]:
        return sorted(self.rng.sample(_SOURCE_IDS, count))

    def intitule(self) -> str:
        words = (self.pick(_VERBES), self.pick(_OBJETS), self.pick(_PUBLICS),
                 self.pick(_CONTEXTES))
        return " ".join(words)

    def phrase(self) -> str:
        return f"{self.pick(_CONSTATS)} {self.pick(_PRECISIONS)}."

    def paragraphe(self, count: int = 3) -> str:
        return " ".join(self.phrase() for _ in range(count))


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@dataclass
class _Plan:
    """The ids of a synthetic framework and the links drawn between them, then its files."""

    n: int
    w: _Writer
    files: dict[PurePosixPath, str] = field(default_factory=dict)
    criteres_de: dict[str, list[str]] = field(default_factory=dict)
    outil_etapes: dict[str, list[str]] = field(default_factory=dict)
    outils_par_etape: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = self.n
        self.n_ccp = math.ceil(n / COMPETENCES_PAR_CCP)
        self.n_etapes = max(min(n, 10), n // 25)  # as many as the real framework, then N/25
        self.n_outils = max(min(n, 7), n // 10)
        self.comp_ids = [competence_id(i, n) for i in range(1, n + 1)]
        self.etape_ids = [f"etape-{i:0{_id_width(self.n_etapes)}d}"
                          for i in range(1, self.n_etapes + 1)]
        self.outil_ids = [f"outil-{i:0{_id_width(self.n_outils)}d}"
                          for i in range(1, self.n_outils + 1)]
        self.acteur_ids = [a[0] for a in _ACTEURS]

    def put(self, path: str, data: object) -> None:
        self.files[PurePosixPath(path)] = _dump(data)

    def near_competences(self, position: float, count: int) -> list[str]:
        centre = int(position * self.n)
        picks = {self.comp_ids[(centre + self.w.rng.randint(0, 24)) % self.n]
                 for _ in range(count)}
        return sorted(picks)


def synth_files(n: int) -> dict[PurePosixPath, str]:
    """The files of a synthetic framework of ``n`` compétences, by relative path."""
    if not 1 <= n <= MAX_COMPETENCES:
        raise ValueError(f"nombre de compétences hors limites (1 à {MAX_COMPETENCES})")
    plan = _Plan(n, _Writer(n))
    # In this order: the random generator is shared, so the output stays the same for N.
    for part in (_fichiers_uniques, _ccps, _competences, _liens_outils_etapes, _etapes,
                 _outils, _seances, _reconnaissances):
        part(plan)
    plan.files[MARKER] = (f"Référentiel synthétique de {n} compétences "
                          "(python -m generator synth).\n")
    return plan.files


def _fichiers_uniques(p: _Plan) -> None:
    """Title, sources, scale, glossary, actors, school."""
    w, n, put = p.w, p.n, p.put
    put("titre.yml", {
        "id": "titre-synthetique",
        "intitule": f"Titre professionnel synthétique de {n} compétences",
        "sigle": "SYN",
        "version": "2026",
        "vocabulaire": {
            "nature": "titre professionnel", "nature_courte": "titre",
            "partie": {"singulier": "CCP", "pluriel": "CCP",
                       "developpe": "certificat de compétences professionnelles"},
            "evaluation": "session de validation devant un jury",
            "apprenant": {"singulier": "stagiaire", "pluriel": "stagiaires"},
            "evaluateur_final": {"singulier": "jury", "pluriel": "jurys"},
        },
        "sources": w.sources(),
        "confiance": "C",
        "fiche": [
            {"id": "nature", "libelle": "Nature du référentiel",
             "valeur": "Référentiel synthétique produit pour mesurer les performances",
             "sources": ["synth-equipe"], "confiance": "C"},
            {"id": "taille", "libelle": "Nombre de compétences", "valeur": str(n),
             "sources": ["synth-equipe"], "confiance": "C"},
        ],
        "description": [{"texte": w.paragraphe(4), "sources": w.sources()} for _ in range(2)],
    })
    put("sources.yml", {"sources": [
        {"id": sid, "titre": titre, "titre_court": court, "nature": nature,
         "auteur": "Équipe du référentiel", "url": f"https://exemple.invalid/{sid}",
         "consulte_le": "2026-11-23", "confiance": conf,
         "note": "Source fictive du référentiel synthétique."}
        for sid, titre, conf, nature, court in _SOURCES
    ]})
    put("echelle.yml", {
        "id": "echelle-synthetique",
        "intitule": "Échelle d'acquisition",
        "niveaux": [
            {"id": "non-acquis", "libelle": "Non acquis", "maitrise": False,
             "description": "Les critères ne sont pas atteints, même avec de l'aide."},
            {"id": "en-cours", "libelle": "En cours d'acquisition", "maitrise": False,
             "description": "Les critères sont atteints en partie ou avec de l'aide."},
            {"id": "acquis", "libelle": "Acquis", "maitrise": True,
             "description":
                 "Les critères sont atteints sans aide dans les situations habituelles."},
            {"id": "maitrise", "libelle": "Maîtrisé", "maitrise": True,
             "description":
                 "Les critères sont atteints sans aide, y compris dans une situation nouvelle."},
        ],
        "defaut": "non-acquis",
        "sources": ["synth-equipe"],
    })
    put("glossaire.yml", {"termes": [
        {"id": tid, "sigle": sigle, "forme_longue": longue, "definition": definition,
         "sources": w.sources(1), "confiance": "C"}
        for tid, sigle, longue, definition in _TERMES
    ]})
    put("acteurs.yml", {"acteurs": [
        {"id": aid, "libelle": libelle, "role": role, "sources": w.sources(1)}
        for aid, libelle, role in _ACTEURS
    ]})
    put("ecole.yml", {
        "id": "ecole-synthetique",
        "intitule": "Organisation de la formation (synthétique)",
        "description": [{"texte": w.paragraphe(3), "sources": w.sources()}],
        "faits": [{"id": "duree", "libelle": "Durée de la formation", "valeur": "Neuf mois",
                   "sources": ["synth-equipe"], "confiance": "C"}],
        "sources": ["synth-equipe"],
    })


def _ccps(p: _Plan) -> None:
    """One file per CCP."""
    w, put = p.w, p.put
    for k in range(1, p.n_ccp + 1):
        put(f"ccp/ccp{k}.yml", {
            "id": f"ccp{k}", "numero": k, "intitule": w.intitule(), "sources": w.sources(),
            "description": {"texte": w.paragraphe(3), "sources": w.sources()},
        })


def _competences(p: _Plan) -> None:
    """One file per compétence, with three to six criteria."""
    w, put = p.w, p.put
    for i, cid in enumerate(p.comp_ids, start=1):
        criteres = []
        for j in range(1, w.rng.randint(3, 6) + 1):
            critere: dict[str, object] = {"id": f"{cid}-c{j}", "libelle": w.phrase(),
                                          "statut": "propose"}
            if w.rng.random() < 0.6:
                critere["indicateurs"] = w.rng.sample(_INDICATEURS, w.rng.randint(1, 3))
            critere["sources"] = ["synth-equipe"]
            criteres.append(critere)
        p.criteres_de[cid] = [str(c["id"]) for c in criteres]
        put(f"competences/{cid}.yml", {
            "id": cid, "ccp": f"ccp{(i - 1) // COMPETENCES_PAR_CCP + 1}", "numero": i,
            "intitule": w.intitule(), "sources": w.sources(),
            "description": {"texte": w.paragraphe(3), "sources": w.sources()},
            "criteres": criteres,
        })


def _liens_outils_etapes(p: _Plan) -> None:
    """Tools first: each names one to three steps; a step lists exactly the tools naming it."""
    w = p.w
    p.outils_par_etape.update({e: [] for e in p.etape_ids})
    for o, oid in enumerate(p.outil_ids):
        home = o * p.n_etapes // p.n_outils
        chosen = sorted({p.etape_ids[(home + d) % p.n_etapes] for d in range(w.rng.randint(1, 3))})
        p.outil_etapes[oid] = chosen
        for eid in chosen:
            p.outils_par_etape[eid].append(oid)


def _etapes(p: _Plan) -> None:
    """One file per step of the support path."""
    w, put = p.w, p.put
    for e, eid in enumerate(p.etape_ids):
        put(f"parcours/{eid}.yml", {
            "id": eid, "ordre": e + 1,
            "intitule": f"{_ETAPES[e % len(_ETAPES)]} {w.pick(_THEMES)}",
            "objectif": w.phrase(),
            "description": [{"texte": w.paragraphe(3), "sources": w.sources()}],
            "acteurs": sorted(w.rng.sample(p.acteur_ids, 3)),
            "regles": [{"texte": w.phrase(), "sources": w.sources(1), "confiance": "C"}],
            "durees": [{"libelle": "Durée indicative", "valeur": f"{w.rng.randint(1, 8)} semaines",
                        "sources": ["synth-retour-experience"]}],
            "points_attention": [w.pick(_OBJETS) for _ in range(2)],
            "competences": p.near_competences(e / p.n_etapes, w.rng.randint(3, 6)),
            "outils": p.outils_par_etape[eid],
            "sources": w.sources(),
        })


def _outils(p: _Plan) -> None:
    """One file per tool, each a form."""
    w, put = p.w, p.put
    for o, oid in enumerate(p.outil_ids):
        rubriques = []
        for r in range(w.rng.randint(1, 3)):
            champs = w.rng.sample(_CHAMPS, w.rng.randint(2, 5))
            rubriques.append({"titre": f"Rubrique {r + 1} : {w.pick(_OBJETS)}",
                              "consigne": w.phrase(),
                              "champs": [{"id": f"{c}-{r + 1}", "libelle": lib, "type": t}
                                         for c, lib, t in champs]})
        put(f"outils/{oid}.yml", {
            "id": oid,
            "intitule": f"{_OUTILS[o % len(_OUTILS)]} {w.pick(_THEMES)} n° {o + 1}",
            "objectif": w.phrase(),
            "etapes": p.outil_etapes[oid],
            "acteurs": sorted(w.rng.sample(p.acteur_ids, 2)),
            "modalites": [w.phrase() for _ in range(w.rng.randint(2, 4))],
            "competences": p.near_competences(o / p.n_outils, w.rng.randint(2, 5)),
            "formulaire": {"rubriques": rubriques},
            "sources": w.sources(),
        })


def _seances(p: _Plan) -> None:
    """One séance per CCP: its compétences, some of their criteria, a tool, the CCP's grids."""
    w, put = p.w, p.put
    for k in range(1, p.n_ccp + 1):
        comps = p.comp_ids[(k - 1) * COMPETENCES_PAR_CCP:k * COMPETENCES_PAR_CCP]
        durees = [w.rng.choice((30, 45, 60, 90)) for _ in range(w.rng.randint(3, 6))]
        total = sum(durees)
        if total % 30:  # whole half-hours: the séance's length is stated in hours
            durees[-1] += 30 - total % 30
            total = sum(durees)
        put(f"seances/seance-ccp{k}.yml", {
            "id": f"seance-ccp{k}",
            "intitule": f"Atelier du CCP {k} : {w.pick(_OBJETS)}",
            "semaine": 1 + (k - 1) % 52,
            "duree": total / 60,
            "lieu": "ecole",
            "formateur": f"Formatrice référente du CCP {k}",
            "intervenants": [{"acteur": w.pick(p.acteur_ids), "precision": w.pick(_INTERVENANTS)}],
            "objectifs": [w.phrase() for _ in range(w.rng.randint(2, 4))],
            "deroule": [{"titre": f"{_ETAPES[j % len(_ETAPES)]} : {w.pick(_OBJETS)}",
                         "duree": d, "description": w.phrase()} for j, d in enumerate(durees)],
            "competences": comps,
            "criteres": sorted(w.rng.sample([c for cid in comps for c in p.criteres_de[cid]], 2)),
            "outils": [p.outil_ids[(k - 1) % p.n_outils]],
            "grilles": [{"ccp": f"ccp{k}", "variante": "auto-evaluation"},
                        {"competence": comps[0]}],
            "ressources": [f"Fiches du CCP {k}", "Grilles d'auto-évaluation imprimées"],
            "sources": ["synth-equipe"],
            "confiance": "C",
        })


def _reconnaissances(p: _Plan) -> None:
    """Two recognition paths."""
    w, put = p.w, p.put
    for r, sigle in enumerate(("RSY", "CQS"), start=1):
        put(f"reconnaissances/reconnaissance-{r}.yml", {
            "id": f"reconnaissance-{r}",
            "intitule": f"Reconnaissance synthétique {sigle}",
            "sigle": sigle,
            "description": [{"texte": w.paragraphe(2), "sources": w.sources()}],
            "outils": p.outil_ids[r - 1::max(1, p.n_outils // 3)][:3],
            "sources": w.sources(),
        })

/* CIP.promotion : le suivi d'une promotion, calculé à partir des exports JSON des grilles à
   remplir (auto-évaluation, tuteur, évaluateur ; grilles de compétence et de CCP). Fonctions
   pures, sans DOM : la page « Suivi de la promotion » (promotion-page.js) les affiche. Rien
   n'est envoyé nulle part : les fichiers sont lus dans le navigateur (CIP.files).

   Le niveau d'une compétence évaluée critère par critère est le plus bas de ses critères
   évalués ; elle n'est atteinte que si ce niveau est maîtrisé et que tous ses critères ont
   été évalués (sinon l'évaluation est partielle) ; une grille de CCP donne directement le
   niveau de chaque compétence.

   API
   CIP.promotion.FORMAT                 « referentiel-cip/promotion », format du fichier promotion.
   CIP.promotion.SOURCES                [{id, libelle}] : évaluateur, tuteur, auto-évaluation.
   CIP.promotion.referentiel(donnees)   index du référentiel (libellés de exports/referentiel-cip.js).
   CIP.promotion.creer(nom)             une promotion vide {nom, exports, rejets}.
   CIP.promotion.lireExport(ref, nom, doc)
                                        {ok: true, export} ou {ok: false, raison} : un export de
                                        grille lu et rapproché du référentiel par id de critère.
   CIP.promotion.ajouter(ref, promo, lus)
                                        ajoute des fichiers lus ({name, data} ou {name, error},
                                        CIP.files.readAll) ; un fichier promotion ajoute tous ses
                                        exports ; renvoie {ajoutes, rejetes}. Écartés avec leur
                                        raison : les doublons (même personne, même grille, même
                                        date : le plus récemment enregistré est gardé, même s'il
                                        remplace un export déjà chargé ; un export sans nom
                                        identique à un autre aussi), les dates qui n'existent
                                        pas (« 2026-02-31 ») ou dans le futur (après demain).
   CIP.promotion.garder(collection, vus, cle, export, res, quoi)
                                        cette règle des doublons (aussi pour CIP.equipe).
   CIP.promotion.dateInvalide(date[, aujourdhui])
                                        null, ou la raison pour laquelle « AAAA-MM-JJ » est refusée.
   CIP.promotion.attribuer(promo, export, stagiaire)
                                        nomme un export « sans nom » ; null ou la raison du refus.
   CIP.promotion.enJSON(promo)          le fichier « promotion » (recharge toute la vue, fusions
                                        de noms comprises).
   Un fichier « Mon dossier » (referentiel-cip/dossier, cip-dossier.js) ajoute chacune de ses
   grilles comme un export séparé.
   Identité (noms pliés par CIP.identite, promotion-identite.js) :
   CIP.promotion.identite(promo)        {cle(nom) → groupe, nom: {groupe: nom affiché}, …}.
   CIP.promotion.rapprochements(promo)  [{nom, graphies, explicite}] : noms réunis.
   CIP.promotion.proches(promo)         [{a, b, raison}] : noms peut-être identiques.
   CIP.promotion.fusionner(promo, de, vers), .separer(promo, nom), .distinguer(promo, a, b)
                                        fusion choisie, annulée, ou « deux personnes ».
   CIP.promotion.couverture(ref, export, competence)
                                        {evalues, total} : critères évalués dans l'export.
   CIP.promotion.atteint(ref, cellule)  niveau maîtrisé et tous les critères évalués.
   CIP.promotion.stagiaires(promo)      noms des stagiaires, dans l'ordre alphabétique.
   CIP.promotion.comparer(a, b)         l'ordre alphabétique français (un Intl.Collator).
   CIP.promotion.derniers(ref, promo)
                                        {stagiaire: {competence: {source: {rang, date, fichier,
                                        evalues, total}}}} (stagiaire : nom affiché).
   CIP.promotion.ecart(cellule)         rang auto-évaluation − rang évaluateur, ou null.
   CIP.promotion.retenu(cellule, sources)
                                        le niveau retenu : évaluateur, à défaut tuteur, à défaut
                                        auto-évaluation (parmi les sources demandées), ou null.
   CIP.promotion.parCompetence(ref, promo, sources[, deja])
                                        par compétence : {competence, effectifs[rang], nonEvalues,
                                        nonAtteint, criteresNonEvalues: [critère]} ; deja =
                                        {stagiaires, derniers} s'ils sont déjà calculés.
   CIP.promotion.historique(ref, promo, stagiaire)
                                        {dates, lignes: {competence: {date: {source: rang}}}}.
   CIP.promotion.lignesCSV(ref, promo, filtres)
                                        tableau de lignes pour CIP.files.toCSV : une ligne par
                                        stagiaire et compétence (filtres : {ccp, sources}).
   CIP.promotion.libelleCourt(libelle)  « En cours… » : le niveau en peu de place.
   CIP.promotion.forme(rang, nombre)    le symbole d'un niveau (○ ◑ ● ★), du plus bas au plus haut. */
(function (CIP) {
  "use strict";

  var P = {};
  var GRILLE = CIP.format("grille");
  var DOSSIER = CIP.format("dossier");
  var NOM_MAX = 100;
  var CHAMPS = {stagiaire: 1, promotion: 1, structure: 1, date: 1, evaluateur: 1};
  var CLE = /^(competence|ccp)-([A-Za-z0-9_.-]+)-(evaluateur|tuteur|auto-evaluation)$/;
  var FORMES = ["○", "◑", "●", "★"];

  P.FORMAT = CIP.format("promotion");
  P.SOURCES = [
    {id: "evaluateur", libelle: "Évaluateur"},
    {id: "tuteur", libelle: "Tuteur"},
    {id: "auto-evaluation", libelle: "Auto-évaluation"}
  ];

  var objet = CIP.objet, texte = CIP.texte;
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  P.referentiel = function (donnees) {
    var ref = {version: String(donnees.version), niveaux: donnees.niveaux || [],
               ccps: donnees.ccps || [], competences: donnees.competences || [],
               rang: Object.create(null), competence: Object.create(null),
               critere: Object.create(null), ccp: Object.create(null)};
    ref.niveaux.forEach(function (n, i) { ref.rang[n.id] = i; });
    ref.ccps.forEach(function (c) { ref.ccp[c.id] = c; });
    ref.competences.forEach(function (c) {
      ref.competence[c.id] = c;
      (c.criteres || []).forEach(function (cr) { ref.critere[cr.id] = {critere: cr, competence: c}; });
    });
    return ref;
  };

  P.creer = function (nom) {
    return {nom: texte(nom, NOM_MAX) || "Promotion", exports: [], rejets: [],
            fusions: Object.create(null), distincts: []};
  };

  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  /* null si la date AAAA-MM-JJ existe et n'est pas après demain (fuseaux horaires), sinon la
     raison du refus : « 2026-02-31 » n'existe pas, « 2062-03-01 » est une faute de frappe. */
  P.dateInvalide = function (d, aujourdhui) {
    var m = ISO.exec(d);
    var jour = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (!jour || jour.getUTCFullYear() !== +m[1] || jour.getUTCMonth() !== +m[2] - 1 ||
        jour.getUTCDate() !== +m[3]) {
      return "date impossible (« " + texte(d, 20) + " » n'existe pas) : corrigez-la dans la " +
        "grille puis exportez-la à nouveau";
    }
    var maintenant = aujourdhui || new Date();
    var demain = Date.UTC(maintenant.getFullYear(), maintenant.getMonth(), maintenant.getDate() + 1);
    if (jour.getTime() > demain) {
      return "date dans le futur (" + m[3] + "/" + m[2] + "/" + m[1] + ") : sans doute une faute " +
        "de frappe ; corrigez-la dans la grille puis exportez-la à nouveau";
    }
    return null;
  };

  /* {date} ou {raison} : la date de la grille, à défaut celle de l'export. */
  function dateDe(valeurs, doc) {
    var d = typeof valeurs.date === "string" ? valeurs.date.trim() : "";
    if (!ISO.test(d)) {
      d = typeof doc.enregistre_le === "string" ? doc.enregistre_le.slice(0, 10) : "";
      if (!ISO.test(d)) return {date: ""};
    }
    var raison = P.dateInvalide(d);
    return raison ? {raison: raison} : {date: d};
  }

  function champIdentification(k) {
    return own(CHAMPS, k) || /^signature-\d+$/.test(k) || /-observations$/.test(k);
  }

  /* Les niveaux d'une grille, rapprochés du référentiel par id : {niveaux, inconnus, bizarres}. */
  function rapprocher(ref, type, valeurs) {
    var niveaux = Object.create(null), inconnus = [], bizarres = [];
    Object.keys(valeurs).forEach(function (k) {
      var v = valeurs[k];
      if (champIdentification(k) || typeof v !== "string") return;
      var connu = type === "ccp" ? ref.competence[k] : ref.critere[k];
      if (!connu) inconnus.push(texte(k, 80));
      else if (ref.rang[v] === undefined) bizarres.push(texte(k, 80) + " : « " + texte(v, 40) + " »");
      else niveaux[k] = v;
    });
    return {niveaux: niveaux, inconnus: inconnus, bizarres: bizarres};
  }

  function refus(raison) { return {ok: false, raison: raison}; }

  P.lireExport = function (ref, nom, doc) {
    if (!objet(doc) || doc.format !== GRILLE) {
      return refus("ce n'est pas un export de grille du référentiel (fichier d'un autre outil ?)");
    }
    var cle = typeof doc.cle === "string" ? doc.cle : doc.grille;
    if (typeof cle === "string" && /^outil-/.test(cle)) {
      return refus("formulaire d'un outil de l'encadrant : il se lit dans le suivi de l'équipe " +
        "(page « Suivi de l'équipe », avec les outils de l'encadrant)");
    }
    var m = typeof cle === "string" ? CLE.exec(cle) : null;
    if (!m) return refus("grille non reconnue (« " + texte(String(cle), 60) + " »)");
    if (!objet(doc.valeurs)) return refus("il ne contient pas de réponses lisibles");
    var quand = dateDe(doc.valeurs, doc);
    if (quand.raison) return refus(quand.raison);
    var lu = rapprocher(ref, m[1], doc.valeurs);
    if (!Object.keys(lu.niveaux).length && !lu.inconnus.length) {
      return refus(lu.bizarres.length ? "niveaux inconnus de l'échelle : " + lu.bizarres.join(", ")
        : "aucun niveau n'est coché dans cette grille");
    }
    var entite = m[1] === "ccp" ? ref.ccp[m[2]] : ref.competence[m[2]];
    return {ok: true, export: {
      fichier: texte(nom, 200), cle: cle, type: m[1], entite: m[2], source: m[3],
      entiteConnue: !!entite, stagiaire: texte(doc.valeurs.stagiaire, NOM_MAX),
      date: quand.date, version: texte(String(doc.version), 20),
      enregistre_le: typeof doc.enregistre_le === "string" ? texte(doc.enregistre_le, 40) : "",
      niveaux: lu.niveaux, inconnus: lu.inconnus, bizarres: lu.bizarres
    }};
  };

  /* Un export nommé est un doublon d'un autre pour la même personne, la même grille et la même
     date ; un export « sans nom », d'un autre export sans nom identique (même grille, même
     date, même enregistrement, mêmes niveaux) : le même fichier chargé deux fois. */
  function cleDoublon(e) {
    if (e.stagiaire) return CIP.identite.plier(e.stagiaire) + "\u0000" + e.cle + "\u0000" + e.date;
    return "\u0001" + [e.cle, e.date, e.enregistre_le].concat(Object.keys(e.niveaux).sort()
      .map(function (k) { return k + "=" + e.niveaux[k]; })).join("\u0000");
  }

  function index(promo) {
    if (!promo.vus) {
      promo.vus = Object.create(null);
      promo.exports.forEach(function (e) { promo.vus[cleDoublon(e)] = e; });
    }
    return promo.vus;
  }

  /* e, dont la clé de doublon est k, ajouté aux exports de la collection (promotion ou équipe ;
     vus : ses exports par clé). Pour la même personne, la même grille (quoi : « grille » ou
     « outil ») et la même date qu'un export déjà là, le plus récemment enregistré
     (enregistre_le) est gardé et l'autre écarté avec sa raison, quel que soit l'ordre des
     fichiers : la grille complétée l'après-midi remplace celle exportée le matin. Enregistrés au même instant (le même fichier deux fois, ou deux
     exports sans nom identiques) : le second est écarté. */
  P.garder = function (collection, vus, k, e, res, quoi) {
    var exports = collection.exports, autre = vus[k];
    if (!autre) {
      vus[k] = e;
      exports.push(e);
      res.ajoutes.push(e);
      return;
    }
    var meme = e.stagiaire ? "« " + e.stagiaire + " », même " + quoi + " et même date (" +
      (e.date || "sans date") + ")" : "export sans nom identique (même " + quoi + ", même " +
      "date, mêmes niveaux)";
    if (!e.stagiaire || e.enregistre_le <= autre.enregistre_le) {
      res.rejetes.push({fichier: e.fichier, raison: "doublon : " + meme + " que « " +
        autre.fichier + " »" + (e.enregistre_le < autre.enregistre_le ?
        ", enregistré plus tard : c'est lui qui est gardé" : "")});
      return;
    }
    exports[exports.indexOf(autre)] = e;
    vus[k] = e;
    delete collection.identiteCache; // la graphie gardée peut changer le nom affiché
    var i = res.ajoutes.indexOf(autre); // ajouté dans ce même chargement
    if (i >= 0) res.ajoutes.splice(i, 1);
    res.ajoutes.push(e);
    res.rejetes.push({fichier: autre.fichier, raison: "remplacé par « " + e.fichier + " », " +
      "enregistré plus tard : " + meme});
  };

  function ajouterUn(ref, promo, nom, doc, res) {
    var lu = P.lireExport(ref, nom, doc);
    if (!lu.ok) {
      res.rejetes.push({fichier: texte(nom, 200), raison: lu.raison});
      return;
    }
    P.garder(promo, index(promo), cleDoublon(lu.export), lu.export, res, "grille");
  }

  function enDoc(e) {
    var valeurs = {};
    if (e.stagiaire) valeurs.stagiaire = e.stagiaire;
    if (e.date) valeurs.date = e.date;
    Object.keys(e.niveaux).forEach(function (k) { valeurs[k] = e.niveaux[k]; });
    e.inconnus.forEach(function (k) { if (!own(valeurs, k)) valeurs[k] = ""; });
    return {format: GRILLE, cle: e.cle, version: e.version, enregistre_le: e.enregistre_le,
            fichier: e.fichier, valeurs: valeurs};
  }

  /* Les fusions et les « personnes distinctes » d'un fichier promotion : celles de la vue
     ouverte l'emportent. */
  function lireIdentites(promo, doc) {
    if (!promo.fusions) promo.fusions = Object.create(null);
    if (objet(doc.fusions)) {
      Object.keys(doc.fusions).forEach(function (k) {
        var v = texte(doc.fusions[k], NOM_MAX);
        if (v && k.length <= NOM_MAX && !own(promo.fusions, k)) promo.fusions[k] = v;
      });
    }
    promo.distincts = promo.distincts || [];
    (Array.isArray(doc.distincts) ? doc.distincts : []).forEach(function (d) {
      if (typeof d === "string" && d.length <= 2 * NOM_MAX + 1 && promo.distincts.indexOf(d) < 0) {
        promo.distincts.push(d);
      }
    });
  }

  function ajouterPromotion(ref, promo, nom, doc, res) {
    if (!Array.isArray(doc.exports)) {
      res.rejetes.push({fichier: texte(nom, 200), raison: "fichier promotion sans liste d'exports"});
      return;
    }
    if (!promo.exports.length && typeof doc.nom === "string") {
      promo.nom = texte(doc.nom, NOM_MAX) || promo.nom;
    }
    lireIdentites(promo, doc);
    doc.exports.forEach(function (d, i) {
      var fichier = objet(d) && typeof d.fichier === "string" ? d.fichier : nom + " (" + (i + 1) + ")";
      ajouterUn(ref, promo, fichier, d, res);
    });
  }

  /* « Mon dossier » (cip-dossier.js) : chaque grille qu'il contient est lue comme un export
     séparé ; le Dossier professionnel n'a pas de niveaux et n'est pas repris. Une
     auto-évaluation sans nom prend celui du profil du stagiaire qui a fait le dossier. */
  function ajouterDossier(ref, promo, nom, doc, res) {
    if (!Array.isArray(doc.feuilles)) {
      res.rejetes.push({fichier: texte(nom, 200), raison: "dossier sans liste de feuilles"});
      return;
    }
    var personne = objet(doc.personne) && doc.personne.role === "stagiaire" ?
      texte(doc.personne.nom, NOM_MAX) : "";
    doc.feuilles.forEach(function (f, i) {
      if (!objet(f) || f.format !== GRILLE) return;
      var cle = typeof f.cle === "string" ? f.cle : String(i + 1);
      var copie = f;
      if (personne && objet(f.valeurs) && !texte(f.valeurs.stagiaire, NOM_MAX) &&
          /-auto-evaluation$/.test(cle)) {
        copie = Object.assign({}, f, {valeurs: Object.assign({}, f.valeurs, {stagiaire: personne})});
      }
      ajouterUn(ref, promo, texte(nom, 150) + " — " + texte(cle, 60), copie, res);
    });
  }

  P.ajouter = function (ref, promo, lus) {
    var res = {ajoutes: [], rejetes: []};
    (lus || []).forEach(function (lu) {
      if (lu.error) {
        res.rejetes.push({fichier: texte(lu.name, 200), raison: lu.error});
      } else if (objet(lu.data) && lu.data.format === P.FORMAT) {
        ajouterPromotion(ref, promo, lu.name, lu.data, res);
      } else if (objet(lu.data) && lu.data.format === DOSSIER) {
        ajouterDossier(ref, promo, lu.name, lu.data, res);
      } else {
        ajouterUn(ref, promo, lu.name, lu.data, res);
      }
    });
    Array.prototype.push.apply(promo.rejets, res.rejetes);
    return res;
  };

  P.attribuer = function (promo, e, stagiaire) {
    var nom = texte(stagiaire, NOM_MAX);
    if (!nom) return "Indiquez le nom " + CIP.site.mots.du_apprenant + ".";
    var essai = {stagiaire: nom, cle: e.cle, date: e.date}, vus = index(promo);
    var k = cleDoublon(essai);
    if (vus[k] && vus[k] !== e) {
      return "« " + nom + " » a déjà cette grille à cette date (« " + vus[k].fichier + " »).";
    }
    if (vus[cleDoublon(e)] === e) delete vus[cleDoublon(e)];
    e.stagiaire = nom;
    vus[k] = e;
    return null;
  };

  P.enJSON = function (promo) {
    var fusions = {};
    Object.keys(promo.fusions || {}).forEach(function (k) { fusions[k] = promo.fusions[k]; });
    return {format: P.FORMAT, version_format: 1, nom: promo.nom,
            enregistre_le: new Date().toISOString(), fusions: fusions,
            distincts: (promo.distincts || []).slice(), exports: promo.exports.map(enDoc)};
  };

  /* -- identité : un stagiaire par clé pliée (CIP.identite), fusions explicites en plus -- */
  function plier(nom) { return CIP.identite.plier(nom); }

  /* La clé de groupe d'un nom : sa clé pliée, suivie à travers les fusions explicites. */
  function groupe(promo, nom) {
    var k = plier(nom), vus = Object.create(null);
    while (own(promo.fusions, k) && !vus[k]) {
      vus[k] = true;
      var suivant = plier(promo.fusions[k]);
      if (suivant === k) break;
      k = suivant;
    }
    return k;
  }

  function orthographes(promo) {
    var parCle = Object.create(null);
    promo.exports.forEach(function (e) {
      if (!e.stagiaire) return;
      var k = plier(e.stagiaire), o = parCle[k] || (parCle[k] = Object.create(null));
      o[e.stagiaire] = (o[e.stagiaire] || 0) + 1;
    });
    return parCle;
  }

  /* Majuscules et accents : le nom écrit avec soin (« Élodie » plutôt que « elodie ») ; un nom
     tout en capitales (« ZOÉ N'DIAYE ») ne compte que ses accents : il n'est pas plus soigné
     que « Zoé N'Diaye ». */
  function soin(nom) {
    var capitales = /[a-zß-öø-ÿ]/.test(nom) ? (nom.match(/[A-ZÀ-ÖØ-Þ]/g) || []).length : 0;
    return capitales + (nom.normalize("NFD").match(/[\u0300-\u036f]/g) || []).length;
  }

  /* La graphie la plus fréquente ; à égalité la plus soignée, puis la première lue. */
  function plusFrequente(compte) {
    var ordre = Object.keys(compte);
    return ordre.slice().sort(function (a, b) {
      return compte[b] - compte[a] || soin(b) - soin(a) || ordre.indexOf(a) - ordre.indexOf(b);
    })[0];
  }

  /* {cle(nom) → groupe, nom: {groupe: nom affiché}, membres: {groupe: [clés pliées]},
      orthographes: {clé pliée: {graphie: nombre}}} ; recalculé quand la promotion change. */
  P.identite = function (promo) {
    if (!promo.fusions) promo.fusions = Object.create(null);
    var signature = promo.exports.length + "/" + JSON.stringify(promo.fusions) + "/" +
      promo.exports.filter(function (e) { return e.stagiaire; }).length;
    if (promo.identiteCache && promo.identiteCache.signature === signature) return promo.identiteCache;
    var parCle = orthographes(promo), nom = Object.create(null), membres = Object.create(null);
    Object.keys(parCle).forEach(function (k) {
      var g = groupe(promo, k);
      (membres[g] || (membres[g] = [])).push(k);
    });
    Object.keys(membres).forEach(function (g) {
      // le nom choisi lors d'une fusion, sinon la graphie la plus fréquente du groupe
      var choisi = null;
      membres[g].forEach(function (k) {
        if (own(promo.fusions, k) && plier(promo.fusions[k]) === g) choisi = promo.fusions[k];
      });
      nom[g] = choisi || plusFrequente(parCle[g] || parCle[membres[g][0]]);
    });
    promo.identiteCache = {signature: signature, nom: nom, membres: membres, orthographes: parCle,
                           cle: function (n) { return groupe(promo, n); }};
    return promo.identiteCache;
  };

  /* L'ordre alphabétique français. Un seul comparateur : localeCompare(b, "fr") en crée un à
     chaque appel (le quart du temps d'affichage de 100 stagiaires, mesuré). */
  var ORDRE = typeof Intl !== "undefined" && Intl.Collator ? new Intl.Collator("fr").compare :
    function (a, b) { return a.localeCompare(b, "fr"); };
  P.comparer = ORDRE;

  P.stagiaires = function (promo) {
    var id = P.identite(promo);
    if (!id.stagiaires) {
      id.stagiaires = Object.keys(id.nom).map(function (g) { return id.nom[g]; }).sort(ORDRE);
    }
    return id.stagiaires.slice();
  };

  /* Les noms rapprochés, à montrer : [{nom, graphies: [toutes les graphies], explicite}]
     (explicite : fusion choisie, annulable ; sinon même nom à l'écriture près). */
  P.rapprochements = function (promo) {
    var id = P.identite(promo), liste = [];
    Object.keys(id.membres).forEach(function (g) {
      var graphies = [];
      id.membres[g].forEach(function (k) {
        Object.keys(id.orthographes[k] || {}).forEach(function (o) { graphies.push(o); });
      });
      if (graphies.length < 2) return;
      graphies.sort(ORDRE);
      liste.push({nom: id.nom[g], graphies: graphies, explicite: id.membres[g].length > 1,
                  cles: id.membres[g].filter(function (k) { return k !== g; })});
    });
    return liste.sort(function (a, b) { return ORDRE(a.nom, b.nom); });
  };

  function paire(a, b) { return [plier(a), plier(b)].sort().join("\u0000"); }

  /* Les stagiaires qui sont peut-être la même personne : [{a, b, raison}], sauf les paires
     déclarées distinctes. */
  P.proches = function (promo) {
    var noms = P.stagiaires(promo), res = [], distincts = promo.distincts || [];
    for (var i = 0; i < noms.length; i++) {
      for (var j = i + 1; j < noms.length; j++) {
        var raison = CIP.identite.proches(noms[i], noms[j]);
        if (raison && distincts.indexOf(paire(noms[i], noms[j])) < 0) {
          res.push({a: noms[i], b: noms[j], raison: raison});
        }
      }
    }
    return res;
  };

  /* Fusionne le stagiaire « de » dans « vers » (nom gardé : vers). */
  P.fusionner = function (promo, de, vers) {
    P.identite(promo);
    var id = P.identite(promo), g = id.cle(de);
    if (g === id.cle(vers)) return;
    promo.fusions[g] = vers;
    var cible = id.cle(vers);
    if (!own(promo.fusions, cible)) promo.fusions[cible] = vers;
  };

  /* Annule une fusion explicite : chaque clé du groupe redevient une personne. */
  P.separer = function (promo, nom) {
    var id = P.identite(promo), g = id.cle(nom);
    (id.membres[g] || []).forEach(function (k) { delete promo.fusions[k]; });
  };

  P.distinguer = function (promo, a, b) {
    promo.distincts = promo.distincts || [];
    if (promo.distincts.indexOf(paire(a, b)) < 0) promo.distincts.push(paire(a, b));
  };

  /* {competence id: rang} d'un export : critères ramenés à leur compétence actuelle. */
  P.rangs = function (ref, e) {
    if (e.rangs) return e.rangs;
    var rangs = Object.create(null), evalues = Object.create(null);
    Object.keys(e.niveaux).forEach(function (k) {
      var r = ref.rang[e.niveaux[k]];
      var comp = e.type === "ccp" ? k : ref.critere[k].competence.id;
      rangs[comp] = rangs[comp] === undefined ? r : Math.min(rangs[comp], r);
      evalues[comp] = (evalues[comp] || 0) + 1;
    });
    e.rangs = rangs;
    e.evalues = evalues;
    return rangs;
  };

  /* {evalues, total} : les critères d'une compétence évalués dans un export (une grille de
     CCP évalue la compétence entière). */
  P.couverture = function (ref, e, comp) {
    P.rangs(ref, e);
    var c = ref.competence[comp], total = c && c.criteres ? c.criteres.length : 0;
    if (e.type === "ccp" || !total) return {evalues: total || 1, total: total || 1};
    return {evalues: Math.min(e.evalues[comp] || 0, total), total: total};
  };

  /* Une compétence n'est atteinte que si son niveau est maîtrisé et que tous ses critères ont
     été évalués : « Acquis » sur 2 critères de 5 n'est pas atteint. */
  P.atteint = function (ref, x) {
    return !!x && ref.niveaux[x.rang].maitrise && x.evalues >= x.total;
  };

  function plusRecent(a, b) {
    if (a.date !== b.date) return a.date > b.date;
    return a.enregistre_le >= b.enregistre_le;
  }

  P.derniers = function (ref, promo) {
    var id = P.identite(promo), table = Object.create(null);
    promo.exports.forEach(function (e) {
      if (!e.stagiaire) return;
      var nom = id.nom[id.cle(e.stagiaire)], rangs = P.rangs(ref, e);
      var ligne = table[nom] || (table[nom] = Object.create(null));
      Object.keys(rangs).forEach(function (comp) {
        var cellule = ligne[comp] || (ligne[comp] = {});
        var avant = cellule[e.source];
        if (!avant || plusRecent(e, avant.export)) {
          var cv = P.couverture(ref, e, comp);
          cellule[e.source] = {rang: rangs[comp], date: e.date, fichier: e.fichier, export: e,
                               evalues: cv.evalues, total: cv.total};
        }
      });
    });
    return table;
  };

  P.ecart = function (cellule) {
    if (!cellule || !cellule["auto-evaluation"] || !cellule.evaluateur) return null;
    return cellule["auto-evaluation"].rang - cellule.evaluateur.rang;
  };

  P.retenu = function (cellule, sources) {
    if (!cellule) return null;
    for (var i = 0; i < P.SOURCES.length; i++) {
      var s = P.SOURCES[i].id;
      if (sources.indexOf(s) >= 0 && cellule[s]) return cellule[s];
    }
    return null;
  };

  function criteresVus(promo, sources) {
    var vus = Object.create(null);
    promo.exports.forEach(function (e) {
      if (e.type !== "competence" || sources.indexOf(e.source) < 0) return;
      Object.keys(e.niveaux).forEach(function (k) { vus[k] = true; });
    });
    return vus;
  }

  P.parCompetence = function (ref, promo, sources, deja) {
    var noms = deja ? deja.stagiaires : P.stagiaires(promo);
    var table = deja ? deja.derniers : P.derniers(ref, promo, noms);
    var vus = criteresVus(promo, sources);
    return ref.competences.map(function (c) {
      var effectifs = ref.niveaux.map(function () { return 0; });
      var nonEvalues = 0, nonAtteint = 0, partiels = 0;
      noms.forEach(function (nom) {
        var r = P.retenu(table[nom] && table[nom][c.id], sources);
        if (!r) { nonEvalues += 1; return; }
        effectifs[r.rang] += 1;
        if (r.evalues < r.total) partiels += 1;
        if (!P.atteint(ref, r)) nonAtteint += 1;
      });
      return {competence: c, effectifs: effectifs, nonEvalues: nonEvalues, nonAtteint: nonAtteint,
              partiels: partiels,
              criteresNonEvalues: (c.criteres || []).filter(function (cr) { return !vus[cr.id]; })};
    });
  };

  P.historique = function (ref, promo, stagiaire) {
    var id = P.identite(promo), cle = id.cle(texte(stagiaire, NOM_MAX));
    var dates = Object.create(null), lignes = Object.create(null), quand = Object.create(null);
    promo.exports.forEach(function (e) {
      if (!e.stagiaire || id.cle(e.stagiaire) !== cle) return;
      dates[e.date] = true;
      var rangs = P.rangs(ref, e);
      Object.keys(rangs).forEach(function (comp) {
        var parDate = lignes[comp] || (lignes[comp] = Object.create(null));
        var cellule = parDate[e.date] || (parDate[e.date] = {});
        var k = comp + "\u0000" + e.date + "\u0000" + e.source;
        if (!quand[k] || e.enregistre_le >= quand[k]) {
          cellule[e.source] = rangs[comp];
          quand[k] = e.enregistre_le || " ";
        }
      });
    });
    return {dates: Object.keys(dates).sort(), lignes: lignes};
  };

  P.competencesFiltrees = function (ref, ccp) {
    return ref.competences.filter(function (c) { return !ccp || c.ccp === ccp; });
  };

  P.lignesCSV = function (ref, promo, filtres) {
    var sources = P.SOURCES.filter(function (s) { return filtres.sources.indexOf(s.id) >= 0; });
    var entete = [CIP.majuscule(CIP.site.mots.apprenant), CIP.majuscule(CIP.site.mots.partie),
                  "Compétence", "Intitulé de la compétence"];
    sources.forEach(function (s) { entete.push(s.libelle, "Date (" + s.libelle.toLowerCase() + ")"); });
    var avecEcart = filtres.sources.indexOf("evaluateur") >= 0 &&
      filtres.sources.indexOf("auto-evaluation") >= 0;
    if (avecEcart) entete.push("Écart auto-évaluation − évaluateur (niveaux)");
    var noms = P.stagiaires(promo), table = P.derniers(ref, promo, noms), lignes = [entete];
    noms.forEach(function (nom) {
      P.competencesFiltrees(ref, filtres.ccp).forEach(function (c) {
        var cellule = table[nom] && table[nom][c.id];
        var ligne = [nom, ref.ccp[c.ccp] ? ref.ccp[c.ccp].numero : "", c.numero, c.intitule];
        sources.forEach(function (s) {
          var x = cellule && cellule[s.id];
          ligne.push(x ? ref.niveaux[x.rang].libelle : "", x ? x.date : "");
        });
        if (avecEcart) {
          var g = P.ecart(cellule);
          ligne.push(g === null ? "" : g);
        }
        lignes.push(ligne);
      });
    });
    return lignes;
  };

  P.libelleCourt = function (libelle) {
    var mots = String(libelle).split(/\s+/), court = "";
    for (var i = 0; i < mots.length; i++) {
      var essai = court ? court + " " + mots[i] : mots[i];
      if (essai.length > 10 && court) return court + "…";
      court = essai;
    }
    return court;
  };

  P.forme = function (rang, nombre) {
    var k = Math.min(nombre, FORMES.length);
    if (k <= 1) return FORMES[2];
    return FORMES[Math.round(rang * (k - 1) / (nombre - 1))];
  };

  CIP.promotion = P;
})(window.CIP = window.CIP || {});

/* CIP.equipe : le suivi d'une équipe de salariés en ACI, calculé à partir des exports JSON des
   outils de l'encadrant (grille de positionnement à l'entrée, grilles d'évaluation en
   situation de production, attestation de compétences…). Fonctions pures, sans DOM : la page
   « Suivi de l'équipe » (equipe-page.js) les affiche.

   Les mêmes règles d'identité que le suivi de la promotion : une équipe a la forme d'une
   promotion ({nom, exports, rejets, fusions, distincts}, chaque export nommé par son champ
   « stagiaire », ici le salarié), et CIP.promotion.identite, .stagiaires, .proches,
   .fusionner, .separer, .distinguer s'y appliquent tels quels.

   Les outils et leurs critères viennent du référentiel (exports/referentiel-cip.js,
   « outils ») : un critère est un champ « niveau » du formulaire ; celui qui suit un champ
   texte (« Activité 1 ») situe ce que le salarié y a écrit, et la ligne du tableau est
   l'activité écrite (« Tri des déchets »), la même d'un outil à l'autre, accents,
   majuscules et espaces ignorés ; les autres (« Travailler en équipe ») sont leur propre
   ligne, la même dans tous les outils qui ont ce champ. Un niveau est situé par l'encadrant
   ou, pour les champs marqués ainsi, par le salarié lui-même.

   API
   CIP.equipe.FORMAT                   « referentiel-cip/equipe » (CIP.format), le fichier de l'équipe.
   CIP.equipe.index(donnees)           outils et échelle du référentiel.
   CIP.equipe.lireExport(ix, nom, doc) {ok: true, export} ou {ok: false, raison}.
   CIP.equipe.ajouter(ix, equipe, lus) ajoute des fichiers lus ({name, data} ou {name, error}) :
                                       exports d'outils, fichiers « équipe », « Mon dossier »
                                       (ses feuilles d'outils) ; {ajoutes, rejetes}.
   CIP.equipe.enJSON(equipe)           le fichier « équipe » (recharge toute la vue).
   CIP.equipe.colonnes(ix, equipe[, outil])
                                       les moments, dans l'ordre du parcours : [{cle, outil, n,
                                       libelle}] (n : 1re, 2e… fois que l'outil est rempli pour
                                       un même salarié, dans l'ordre des dates).
   CIP.equipe.tableau(ix, equipe[, outil])
                                       {noms, colonnes, salaries: {nom: {lignes: [{cle,
                                       libelle}], cases: {ligne: {colonne: {encadrant, salarie,
                                       date, fichier}}}}}} (niveaux : rangs de l'échelle).
   CIP.equipe.lignesCSV(ix, equipe[, outil])
                                       tableau de lignes pour CIP.files.toCSV. */
(function (CIP) {
  "use strict";

  var E = {};
  var GRILLE = CIP.format("grille"), DOSSIER = CIP.format("dossier");
  var NOM_MAX = 100;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;

  E.FORMAT = CIP.format("equipe");

  var objet = CIP.objet, texte = CIP.texte;
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  E.index = function (donnees) {
    var ix = {niveaux: donnees.niveaux || [], rang: Object.create(null),
              outils: donnees.outils || [], parCle: Object.create(null), ordre: Object.create(null)};
    ix.niveaux.forEach(function (n, i) { ix.rang[n.id] = i; });
    ix.outils.forEach(function (o, i) { ix.parCle[o.cle] = o; ix.ordre[o.cle] = i; });
    return ix;
  };

  E.creer = function (nom) {
    return {nom: texte(nom, NOM_MAX) || "Équipe", exports: [], rejets: [],
            fusions: Object.create(null), distincts: []};
  };

  function refus(raison) { return {ok: false, raison: raison}; }

  E.lireExport = function (ix, nom, doc) {
    if (!objet(doc) || doc.format !== GRILLE) {
      return refus("ce n'est pas un export d'un outil du référentiel (fichier d'un autre logiciel ?)");
    }
    var cle = typeof doc.cle === "string" ? doc.cle : doc.grille;
    var outil = typeof cle === "string" ? ix.parCle[cle] : null;
    if (!outil) {
      return refus(typeof cle === "string" && /^(competence|ccp)-/.test(cle) ?
        "grille de compétence : elle se lit dans le suivi de la promotion" :
        "outil sans niveau à suivre ou inconnu (« " + texte(String(cle), 60) + " »)");
    }
    var v = doc.valeurs;
    if (!objet(v)) return refus("il ne contient pas de réponses lisibles");
    var date = outil.date && typeof v[outil.date] === "string" ? v[outil.date].trim() : "";
    if (!ISO.test(date)) {
      date = typeof doc.enregistre_le === "string" ? doc.enregistre_le.slice(0, 10) : "";
      if (!ISO.test(date)) date = "";
    }
    if (date && CIP.promotion.dateInvalide(date)) return refus(CIP.promotion.dateInvalide(date));
    var niveaux = Object.create(null), lignes = Object.create(null), n = 0;
    outil.criteres.forEach(function (c) {
      var x = v[c.id];
      if (typeof x === "string" && ix.rang[x] !== undefined) {
        niveaux[c.id] = x;
        n += 1;
      }
      if (c.ligne && typeof v[c.ligne] === "string") lignes[c.ligne] = texte(v[c.ligne], 200);
    });
    if (!n) return refus("aucun niveau n'est coché dans cette feuille");
    return {ok: true, export: {
      fichier: texte(nom, 200), cle: outil.cle, stagiaire: texte(v[outil.personne], NOM_MAX),
      date: date, version: texte(String(doc.version), 20),
      enregistre_le: typeof doc.enregistre_le === "string" ? texte(doc.enregistre_le, 40) : "",
      niveaux: niveaux, lignes: lignes
    }};
  };

  function cleDoublon(e) {
    return (e.stagiaire ? CIP.identite.plier(e.stagiaire) : "\u0001" + e.enregistre_le) +
      "\u0000" + e.cle + "\u0000" + e.date;
  }

  function ajouterUn(ix, equipe, nom, doc, res) {
    var lu = E.lireExport(ix, nom, doc);
    if (!lu.ok) {
      res.rejetes.push({fichier: texte(nom, 200), raison: lu.raison});
      return;
    }
    var e = lu.export;
    if (!e.stagiaire) {
      res.rejetes.push({fichier: e.fichier, raison: "le nom du salarié n'est pas rempli : " +
        "complétez-le dans la feuille puis exportez-la à nouveau"});
      return;
    }
    var vus = equipe.vus || (equipe.vus = Object.create(null)), k = cleDoublon(e);
    if (!Object.keys(vus).length) equipe.exports.forEach(function (x) { vus[cleDoublon(x)] = x; });
    CIP.promotion.garder(equipe, vus, k, e, res, "outil");
  }

  function enDoc(ix, e) {
    var outil = ix.parCle[e.cle], valeurs = {};
    if (outil && outil.personne) valeurs[outil.personne] = e.stagiaire;
    if (outil && outil.date && e.date) valeurs[outil.date] = e.date;
    Object.keys(e.lignes).forEach(function (k) { valeurs[k] = e.lignes[k]; });
    Object.keys(e.niveaux).forEach(function (k) { valeurs[k] = e.niveaux[k]; });
    return {format: GRILLE, cle: e.cle, version: e.version, enregistre_le: e.enregistre_le,
            fichier: e.fichier, valeurs: valeurs};
  }

  function lireIdentites(equipe, doc) {
    if (objet(doc.fusions)) {
      Object.keys(doc.fusions).forEach(function (k) {
        var v = texte(doc.fusions[k], NOM_MAX);
        if (v && k.length <= NOM_MAX && !own(equipe.fusions, k)) equipe.fusions[k] = v;
      });
    }
    (Array.isArray(doc.distincts) ? doc.distincts : []).forEach(function (d) {
      if (typeof d === "string" && d.length <= 2 * NOM_MAX + 1 && equipe.distincts.indexOf(d) < 0) {
        equipe.distincts.push(d);
      }
    });
  }

  E.ajouter = function (ix, equipe, lus) {
    var res = {ajoutes: [], rejetes: []};
    (lus || []).forEach(function (lu) {
      var d = lu.data;
      if (lu.error) {
        res.rejetes.push({fichier: texte(lu.name, 200), raison: lu.error});
      } else if (objet(d) && d.format === E.FORMAT && Array.isArray(d.exports)) {
        if (!equipe.exports.length && typeof d.nom === "string") {
          equipe.nom = texte(d.nom, NOM_MAX) || equipe.nom;
        }
        lireIdentites(equipe, d);
        d.exports.forEach(function (x, i) {
          ajouterUn(ix, equipe, objet(x) && typeof x.fichier === "string" ? x.fichier :
            lu.name + " (" + (i + 1) + ")", x, res);
        });
      } else if (objet(d) && d.format === DOSSIER && Array.isArray(d.feuilles)) {
        var outils = d.feuilles.filter(function (f) {
          return objet(f) && typeof f.cle === "string" && ix.parCle[f.cle];
        });
        outils.forEach(function (f) {
          ajouterUn(ix, equipe, texte(lu.name, 150) + " — " + texte(f.cle, 60), f, res);
        });
        if (!outils.length) {
          res.rejetes.push({fichier: texte(lu.name, 200), raison: "ce dossier ne contient " +
            "aucune feuille d'outil de l'encadrant"});
        }
      } else {
        ajouterUn(ix, equipe, lu.name, d, res);
      }
    });
    Array.prototype.push.apply(equipe.rejets, res.rejetes);
    return res;
  };

  E.enJSON = function (ix, equipe) {
    var fusions = {};
    Object.keys(equipe.fusions).forEach(function (k) { fusions[k] = equipe.fusions[k]; });
    return {format: E.FORMAT, version_format: 1, nom: equipe.nom,
            enregistre_le: new Date().toISOString(), fusions: fusions,
            distincts: equipe.distincts.slice(),
            exports: equipe.exports.map(function (e) { return enDoc(ix, e); })};
  };

  function plusTot(a, b) {
    return a.date !== b.date ? (a.date < b.date ? -1 : 1) :
      a.enregistre_le < b.enregistre_le ? -1 : a.enregistre_le > b.enregistre_le ? 1 : 0;
  }

  /* Les exports de chaque salarié (nom affiché), par outil, dans l'ordre des dates. */
  function parSalarie(equipe, outil) {
    var id = CIP.promotion.identite(equipe), res = Object.create(null);
    equipe.exports.forEach(function (e) {
      if (outil && e.cle !== outil) return;
      var nom = id.nom[id.cle(e.stagiaire)];
      var parOutil = res[nom] || (res[nom] = Object.create(null));
      (parOutil[e.cle] || (parOutil[e.cle] = [])).push(e);
    });
    Object.keys(res).forEach(function (nom) {
      Object.keys(res[nom]).forEach(function (k) { res[nom][k].sort(plusTot); });
    });
    return res;
  }

  function nomCourt(outil) {
    return outil.intitule.replace(/^(Grille|Fiche) d(e |')/i, "")
      .replace(/^./, function (c) { return c.toUpperCase(); });
  }

  E.colonnes = function (ix, equipe, outil, deja) {
    var exports = deja || parSalarie(equipe, outil), max = Object.create(null);
    Object.keys(exports).forEach(function (nom) {
      Object.keys(exports[nom]).forEach(function (k) {
        max[k] = Math.max(max[k] || 0, exports[nom][k].length);
      });
    });
    var res = [];
    ix.outils.forEach(function (o) {
      for (var n = 1; n <= (max[o.cle] || 0); n++) {
        res.push({cle: o.cle + "#" + n, outil: o, n: n,
                  libelle: nomCourt(o) + (max[o.cle] > 1 ? " n° " + n : "")});
      }
    });
    return res;
  };

  /* La ligne d'un critère dans un export : l'activité écrite, ou le champ lui-même. */
  function ligneDe(c, e) {
    if (c.ligne) {
      var t = e.lignes[c.ligne];
      if (!t) return null;
      return {cle: "a:" + CIP.identite.plier(t), libelle: t, activite: true};
    }
    return {cle: "c:" + c.id, libelle: c.libelle, activite: false};
  }

  E.tableau = function (ix, equipe, outil) {
    var exports = parSalarie(equipe, outil), colonnes = E.colonnes(ix, equipe, outil, exports);
    var salaries = Object.create(null);
    Object.keys(exports).forEach(function (nom) {
      var lignes = [], vues = Object.create(null), cases = Object.create(null);
      ix.outils.forEach(function (o) {
        (exports[nom][o.cle] || []).forEach(function (e, i) {
          var col = o.cle + "#" + (i + 1);
          o.criteres.forEach(function (c) {
            var niv = e.niveaux[c.id], l = ligneDe(c, e);
            if (niv === undefined || !l) return;
            if (!vues[l.cle]) {
              vues[l.cle] = l;
              lignes.push(l);
            }
            var parCol = cases[l.cle] || (cases[l.cle] = Object.create(null));
            var x = parCol[col] || (parCol[col] = {date: e.date, fichier: e.fichier});
            // plusieurs champs de la même ligne dans une feuille : le dernier rempli
            x[c.evalue_par === "salarie" ? "salarie" : "encadrant"] = ix.rang[niv];
          });
        });
      });
      // les activités écrites d'abord (dans l'ordre où elles apparaissent), puis les autres
      lignes.sort(function (a, b) { return (b.activite ? 1 : 0) - (a.activite ? 1 : 0); });
      salaries[nom] = {lignes: lignes, cases: cases};
    });
    var noms = Object.keys(salaries).sort(CIP.promotion.comparer);
    return {noms: noms, colonnes: colonnes, salaries: salaries};
  };

  E.lignesCSV = function (ix, equipe, outil) {
    var t = E.tableau(ix, equipe, outil);
    var entete = ["Salarié", "Critère"];
    t.colonnes.forEach(function (c) {
      entete.push(c.libelle + " : encadrant", c.libelle + " : salarié", c.libelle + " : date");
    });
    var lignes = [entete];
    t.noms.forEach(function (nom) {
      var s = t.salaries[nom];
      s.lignes.forEach(function (l) {
        var ligne = [nom, l.libelle];
        t.colonnes.forEach(function (c) {
          var x = s.cases[l.cle] && s.cases[l.cle][c.cle];
          ligne.push(x && x.encadrant !== undefined ? ix.niveaux[x.encadrant].libelle : "",
                     x && x.salarie !== undefined ? ix.niveaux[x.salarie].libelle : "",
                     x ? x.date : "");
        });
        lignes.push(ligne);
      });
    });
    return lignes;
  };

  CIP.equipe = E;
})(window.CIP = window.CIP || {});

/* Page « Suivi de l'équipe » (encadrant technique) : choix ou dépôt des exports des outils,
   tableau salariés × critères dans le temps (cartes sur téléphone), noms rapprochés et
   fusions, filtres, enregistrement dans ce navigateur, exports CSV et JSON, impression. Les
   calculs viennent de CIP.equipe (equipe.js) ; l'identité, les fusions et la liste fenêtrée
   sont ceux du suivi de la promotion (CIP.promotion, CIP.promotionNoms,
   CIP.promotionMatrice) ; l'enregistrement, le choix et le dépôt des fichiers, le démarrage,
   ceux de CIP.collection (cip-collection.js). Tout texte venu d'un fichier est écrit avec textContent.
   N'agit que sur une page qui contient #equipe.

   API (pour les tests et les mesures)
   CIP.equipePage.charger(fichiers)  Promise : lit et ajoute des fichiers (FileList ou tableau).
   CIP.equipePage.etat()             {ix, equipe, outil}.
   Après chaque chargement, #equipe porte data-etat="pret". */
(function (CIP) {
  "use strict";

  var E, ix, equipe, racine, collection, outil = "", vue = null, calcul = null;
  var disposition;  // tableau ou cartes ; sur papier, toujours le tableau, avec tout le monde
  var PERSONNES = {singulier: "salarié", pluriel: "salariés", id: "equipe"};
  var el = CIP.element;

  function $(id) { return document.getElementById(id); }
  function dire(texte) { CIP.announce($("equipe-etat"), texte); }

  function dateFr(iso) {
    return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" +
      iso.slice(0, 4) : "sans date";
  }

  /* -- un niveau : forme et texte court à l'écran, libellé entier pour les lecteurs d'écran -- */
  function niveau(rang, avant) {
    var n = ix.niveaux[rang], dit = (avant ? avant + " : " : "") + n.libelle;
    var span = el("span", {className: "promo-niv promo-r" + rang + (n.maitrise ? " promo-atteint" : ""),
                           title: dit});
    span.appendChild(el("span", {"aria-hidden": "true", text: (avant ? avant + " " : "") +
      CIP.promotion.forme(rang, ix.niveaux.length) + " " + CIP.promotion.libelleCourt(n.libelle)}));
    span.appendChild(el("span", {className: "grille-sr", text: dit}));
    return span;
  }

  function vide() {
    return el("span", {className: "promo-vide"}, [el("span", {"aria-hidden": "true", text: "—"}),
      el("span", {className: "grille-sr", text: "non évalué"})]);
  }

  /* Ce que contient une case : niveau de l'encadrant, auto-évaluation, écart, date. */
  function contenu(x) {
    if (!x) return [vide()];
    var res = [];
    if (x.encadrant !== undefined) res.push(el("div", {}, [niveau(x.encadrant)]));
    if (x.salarie !== undefined) res.push(el("div", {}, [niveau(x.salarie, "Auto")]));
    if (x.encadrant !== undefined && x.salarie !== undefined && x.salarie !== x.encadrant) {
      var g = x.salarie - x.encadrant;
      res.push(el("div", {className: "promo-ecart promo-ecart-fort",
        title: "auto-évaluation " + Math.abs(g) + " niveau" + (Math.abs(g) > 1 ? "x" : "") +
          (g > 0 ? " au-dessus" : " en dessous") + " de l'encadrant"},
        [el("span", {"aria-hidden": "true", text: g > 0 ? "▲ +" + g : "▼ −" + (-g)}),
         el("span", {className: "grille-sr", text: "écart " + (g > 0 ? "+" : "−") + Math.abs(g)})]));
    }
    res.push(el("div", {className: "promo-partiel", text: dateFr(x.date)}));
    return res;
  }

  /* Tri : plus grand écart auto-évaluation / encadrant, niveau moyen le plus récent. */
  function reperes(s, colonnes) {
    var ecartMax = -1, somme = 0, n = 0;
    s.lignes.forEach(function (l) {
      var dernier = null;
      colonnes.forEach(function (c) {
        var x = s.cases[l.cle] && s.cases[l.cle][c.cle];
        if (!x) return;
        if (x.encadrant !== undefined && x.salarie !== undefined) {
          ecartMax = Math.max(ecartMax, Math.abs(x.salarie - x.encadrant));
        }
        if (x.encadrant !== undefined && (!dernier || x.date >= dernier.date)) dernier = x;
      });
      if (dernier) { somme += dernier.encadrant; n += 1; }
    });
    return {ecart: ecartMax, niveau: n ? somme / n : Infinity};
  }

  function corpsSalarie(nom, s, colonnes) {
    var tbody = el("tbody");
    s.lignes.forEach(function (l, i) {
      var tr = el("tr", {"data-critere": l.cle});
      if (i === 0) tr.appendChild(el("th", {scope: "rowgroup", rowspan: String(s.lignes.length),
                                            text: nom}));
      tr.appendChild(el("th", {scope: "row", className: "promo-source", text: l.libelle}));
      colonnes.forEach(function (c) {
        tr.appendChild(el("td", {"data-moment": c.cle},
                          contenu(s.cases[l.cle] && s.cases[l.cle][c.cle])));
      });
      tbody.appendChild(tr);
    });
    return tbody;
  }

  var numeroCarte = 0;

  /* Téléphone : une carte par salarié ; pour chaque critère, chaque moment sur sa ligne, nommé
     en clair (« Positionnement à l'entrée, 12/01/2026 »). */
  function carteSalarie(nom, s, colonnes) {
    var id = "equipe-carte-" + (++numeroCarte), corps = el("tbody");
    s.lignes.forEach(function (l) {
      var td = el("td");
      colonnes.forEach(function (c) {
        var x = s.cases[l.cle] && s.cases[l.cle][c.cle];
        if (!x) return;
        td.appendChild(el("div", {className: "promo-carte-ligne", "data-moment": c.cle},
          [el("span", {className: "promo-carte-source", text: c.libelle + " "})]
            .concat(contenu(x).filter(function (n) { return !/promo-partiel/.test(n.className); }))
            .concat([el("span", {className: "promo-partiel", text: dateFr(x.date)})])));
      });
      if (!td.childNodes.length) td.appendChild(vide());
      corps.appendChild(el("tr", {"data-critere": l.cle}, [el("th", {scope: "row", text: l.libelle}), td]));
    });
    return el("section", {className: "promo-carte", "aria-labelledby": id}, [
      el("h3", {id: id, className: "promo-carte-nom", text: nom}),
      el("table", {className: "promo-carte-table"}, [el("thead", {}, [el("tr", {}, [
        el("th", {scope: "col", text: "Critère"}),
        el("th", {scope: "col", text: "Niveaux dans le temps"})])]), corps])]);
  }

  function trier() {
    return vue ? vue.appliquer({nom: $("equipe-filtre-nom").value, tri: $("equipe-tri").value}) : 0;
  }

  function rendreListe() {
    var t = calcul, table = $("equipe-tableau"), cartes = $("equipe-cartes");
    var enCartes = disposition.cartes();
    if (vue) vue.detruire();
    table.textContent = "";
    cartes.textContent = "";
    racine.classList.toggle("promo-en-cartes", enCartes);
    var construire = enCartes ? carteSalarie : corpsSalarie;
    var elements = t.noms.map(function (nom) {
      var s = t.salaries[nom], r = reperes(s, t.colonnes);
      return {nom: nom, ecart: r.ecart, niveau: r.niveau, construire: function () {
        return construire(nom, s, t.colonnes);
      }};
    });
    if (enCartes) {
      vue = CIP.promotionMatrice.liste({conteneur: cartes, cadre: null, elements: elements});
    } else {
      table.appendChild(el("caption", {text: "Niveau de chaque salarié par critère, à chaque " +
        "moment du parcours" + (outil ? " (" + ix.parCle[outil].intitule + ")" : "")}));
      table.appendChild(el("colgroup", {}, [el("col", {className: "promo-col-stagiaire"}),
        el("col", {className: "equipe-col-critere"})].concat(t.colonnes.map(function () {
          return el("col", {className: "promo-col-competence"});
        }))));
      table.appendChild(el("thead", {}, [el("tr", {}, [
        el("th", {scope: "col", text: "Salarié"}), el("th", {scope: "col", text: "Critère"})]
        .concat(t.colonnes.map(function (c) {
          return el("th", {scope: "col", title: c.outil.intitule}, [
            el("a", {href: (racine.dataset.racine || "") + c.outil.page, text: c.libelle})]);
        })))]));
      vue = CIP.promotionMatrice.liste({conteneur: table, cadre: $("equipe-cadre"),
                                        colonnes: t.colonnes.length + 2, elements: elements});
    }
    trier();
    if (disposition.impression()) vue.tout();
  }

  function rendreRejets() {
    var zone = $("equipe-rejets");
    zone.textContent = "";
    if (!equipe.rejets.length) return;
    var table = el("table", {className: "promo-table"}, [
      el("caption", {text: "Fichiers écartés (rien d'autre n'a été retiré)"}),
      el("thead", {}, [el("tr", {}, [el("th", {scope: "col", text: "Fichier"}),
                                     el("th", {scope: "col", text: "Raison"})])]),
      el("tbody", {}, equipe.rejets.map(function (r) {
        return el("tr", {}, [el("th", {scope: "row", text: r.fichier}), el("td", {text: r.raison})]);
      }))]);
    zone.appendChild(el("div", {className: "promo-defile", tabindex: "0", role: "region",
                                "aria-label": "Fichiers écartés"}, [table]));
  }

  function rendre() {
    calcul = E.tableau(ix, equipe, outil);
    var noms = CIP.promotion.stagiaires(equipe);
    racine.classList.toggle("promo-vide-tout", !noms.length);
    CIP.promotionNoms.rendre($("equipe-identites"), equipe, function (message) {
      collection.enregistrer();
      rendre();
      dire(message);
    }, PERSONNES);
    $("equipe-resume").textContent = CIP.pluriel(equipe.exports.length, "export") + " chargé" +
      (equipe.exports.length > 1 ? "s" : "") + " pour " + CIP.pluriel(noms.length, "salarié") +
      (equipe.rejets.length ? " ; " + CIP.pluriel(equipe.rejets.length, "fichier écarté",
        "fichiers écartés") : "") + ".";
    rendreRejets();
    $("equipe-nom").value = equipe.nom;
    rendreListe();
    if (CIP.tableauxLarges) CIP.tableauxLarges();
  }

  /* -- chargement, avec la barre « Lecture des fichiers » (CIP.files.readAll) -- */
  function charger(fichiers) {
    racine.dataset.etat = "lecture";
    dire("Lecture de " + CIP.pluriel(fichiers.length, "fichier") + "…");
    return CIP.files.readAll(fichiers, undefined, $("equipe-progression")).then(function (lus) {
      collection.aJour(); // un autre onglet a pu l'enregistrer pendant la lecture
      var res = E.ajouter(ix, equipe, lus);
      rendre();
      var erreur = res.ajoutes.length ? collection.enregistrer() : null;
      dire(collection.bilan(res, erreur));
      racine.dataset.etat = "pret";
      return res;
    });
  }

  /* Filtres, tri, tableau ou cartes ; l'enregistrement dans ce navigateur, le choix et le dépôt
     des fichiers, les boutons d'action : CIP.collection. */
  function brancher() {
    $("equipe-filtre-outil").addEventListener("change", function (ev) {
      outil = ev.target.value;
      calcul = E.tableau(ix, equipe, outil);
      rendreListe();
    });
    $("equipe-filtre-nom").addEventListener("input", function () {
      var vus = trier();
      dire(CIP.pluriel(vus, "salarié") + " affiché" + (vus > 1 ? "s" : "") + ".");
    });
    $("equipe-tri").addEventListener("change", trier);
    disposition = CIP.promotionMatrice.disposition(racine, rendreListe);
    collection = CIP.collection.attach({
      type: "equipe", mots: {nom: "équipe", le: "l'équipe", un: "une équipe"},
      creer: E.creer, enJSON: function (x) { return E.enJSON(ix, x); },
      lire: function (x, doc) { E.ajouter(ix, x, [{name: x.nom, data: doc}]); },
      afficher: function (x) { equipe = x; rendre(); },
      dire: dire, choix: $("equipe-enregistrees"), champ: $("equipe-nom"),
      entree: $("equipe-fichiers"), depot: $("equipe-depot"), charger: charger,
      boutons: racine, attribut: "equipe",
      lignesCSV: function () { return E.lignesCSV(ix, equipe, outil); }
    });
  }

  function demarrer(zone, donnees) {
    racine = zone;
    E = CIP.equipe;
    ix = E.index(donnees);
    var choix = $("equipe-filtre-outil");
    ix.outils.forEach(function (o) { choix.appendChild(el("option", {value: o.cle, text: o.intitule})); });
    var legende = $("equipe-legende");
    legende.appendChild(el("span", {text: "Niveaux : "}));
    ix.niveaux.forEach(function (n, i) {
      legende.appendChild(el("span", {className: "promo-niv promo-r" + i + (n.maitrise ? " promo-atteint" : ""),
        text: CIP.promotion.forme(i, ix.niveaux.length) + " " + n.libelle}));
      legende.appendChild(document.createTextNode(i < ix.niveaux.length - 1 ? " · " : ""));
    });
    legende.appendChild(el("span", {text: " ; « Auto » : auto-évaluation du salarié ; — : non évalué."}));
    brancher();
    return collection;
  }

  CIP.equipePage = {
    charger: function (fichiers) { return charger(fichiers); },
    etat: function () { return {ix: ix, equipe: equipe, outil: outil}; }
  };

  CIP.collection.page("equipe", demarrer);
})(window.CIP = window.CIP || {});

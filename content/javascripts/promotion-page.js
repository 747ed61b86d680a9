/* Page « Suivi de la promotion » : choix ou dépôt des exports de grilles, tableaux, filtres,
   enregistrement dans ce navigateur, exports CSV et JSON, impression. Les calculs viennent de
   CIP.promotion (promotion.js), la lecture des fichiers de CIP.files ; l'enregistrement, le
   choix et le dépôt des fichiers, le démarrage, de CIP.collection (cip-collection.js). Tout
   texte venu d'un fichier est écrit avec textContent : une balise reste du texte. N'agit que
   sur une page qui contient #promotion.

   API (pour les tests et les mesures)
   CIP.promotionPage.charger(fichiers)  Promise : lit et ajoute des fichiers (FileList ou tableau).
   CIP.promotionPage.etat()             {ref, promo, filtres}.
   Après chaque chargement, #promotion porte data-etat="pret" et l'évènement « cip:promotion »
   (detail : {ajoutes, rejetes, duree}) est émis sur document. */
(function (CIP) {
  "use strict";

  var P, ref, promo, racine, collection;
  var filtres = {ccp: "", sources: ["evaluateur", "tuteur", "auto-evaluation"]};
  var ABREGE = {"evaluateur": "Év.", "tuteur": "Tut.", "auto-evaluation": "Auto"};

  function $(id) { return document.getElementById(id); }

  var el = CIP.element;

  function dire(texte) { CIP.announce($("promo-etat"), texte); }

  function dateFr(iso) {
    return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" +
      iso.slice(0, 4) : "sans date";
  }

  function lien(page) { return (racine.dataset.racine || "") + page; }

  /* -- niveau : forme, texte court, couleur ; le texte complet pour les lecteurs d'écran -- */
  function niveau(rang, suite, partiel) {
    var n = ref.niveaux[rang];
    var dit = n.libelle + (partiel ? " — " + partiel : "") + (suite ? ", " + suite : "");
    var span = el("span", {className: "promo-niv promo-r" + rang +
      (n.maitrise && !partiel ? " promo-atteint" : "") + (partiel ? " promo-niv-partiel" : ""),
                           title: dit});
    span.appendChild(el("span", {"aria-hidden": "true",
      text: P.forme(rang, ref.niveaux.length) + " " + P.libelleCourt(n.libelle)}));
    span.appendChild(el("span", {className: "grille-sr", text: dit}));
    return span;
  }

  /* Le niveau d'une case du tableau ; une évaluation partielle le dit en clair :
     « Acquis — 2 critères sur 5 ». */
  function niveauCase(x) {
    var partiel = x.evalues < x.total ? CIP.pluriel(x.evalues, "critère") + " sur " + x.total : "";
    var span = niveau(x.rang, dateFr(x.date), partiel);
    if (partiel) span.appendChild(el("span", {className: "promo-partiel", "aria-hidden": "true",
                                              text: partiel}));
    return span;
  }

  function vide(texte) {
    return el("span", {className: "promo-vide"}, [
      el("span", {"aria-hidden": "true", text: "—"}), el("span", {className: "grille-sr", text: texte})]);
  }

  function ecart(g) {
    if (g === null) return vide("pas d'écart calculable");
    var signe = g > 0 ? "▲ +" + g : g < 0 ? "▼ −" + (-g) : "= 0";
    var dit = g === 0 ? "auto-évaluation égale à l'évaluateur" : "auto-évaluation " + Math.abs(g) +
      " niveau" + (Math.abs(g) > 1 ? "x" : "") + (g > 0 ? " au-dessus" : " en dessous") +
      " de l'évaluateur";
    return el("span", {className: "promo-ecart" + (g !== 0 ? " promo-ecart-fort" : ""), title: dit},
      [el("span", {"aria-hidden": "true", text: signe}), el("span", {className: "grille-sr", text: dit})]);
  }

  function competences() { return P.competencesFiltrees(ref, filtres.ccp); }

  /* « CCP 1 » : le nom d'une partie de la certification vient du référentiel (vocabulaire). */
  function nomPartie(ccp) {
    return CIP.majuscule(CIP.site.mots.partie) + " " + ccp.numero;
  }

  function sourcesVues() {
    return P.SOURCES.filter(function (s) { return filtres.sources.indexOf(s.id) >= 0; });
  }

  /* -- stagiaires × compétences : tableau (ordinateur) ou cartes (téléphone) -- */
  /* Ce que le tri lit (promotion-matrice.js) : le plus grand écart (-1 : aucun), le niveau
     moyen retenu (Infinity : aucun). */
  function reperes(ligne, comps) {
    var ecartMax = -1, somme = 0, n = 0;
    comps.forEach(function (c) {
      var cellule = ligne && ligne[c.id], g = P.ecart(cellule), r = P.retenu(cellule, filtres.sources);
      if (g !== null) ecartMax = Math.max(ecartMax, Math.abs(g));
      if (r) { somme += r.rang; n += 1; }
    });
    return {ecart: ecartMax, niveau: n ? somme / n : Infinity};
  }

  var vueListe = null, reperesListe = Object.create(null);
  // Tableau ou cartes (CIP.promotionMatrice.disposition) : sur papier, toujours le grand
  // tableau (A4 paysage), avec tous les stagiaires.
  var disposition;

  function trier() {
    return vueListe ? vueListe.appliquer({nom: $("promo-filtre-nom").value,
                                          tri: $("promo-tri").value}) : 0;
  }

  function avecEcart() {
    return filtres.sources.indexOf("evaluateur") >= 0 &&
      filtres.sources.indexOf("auto-evaluation") >= 0;
  }

  function enteteMatrice(comps) {
    var haut = el("tr", {}, [el("th", {scope: "col", rowspan: "2", text: CIP.majuscule(CIP.site.mots.apprenant)}),
                             el("th", {scope: "col", rowspan: "2", text: "Source"})]);
    var bas = el("tr");
    ref.ccps.forEach(function (ccp) {
      var siens = comps.filter(function (c) { return c.ccp === ccp.id; });
      if (!siens.length) return;
      haut.appendChild(el("th", {scope: "colgroup", colspan: String(siens.length),
                                 text: nomPartie(ccp), title: ccp.intitule}));
      siens.forEach(function (c) {
        var a = el("a", {href: "#comp-" + c.id, title: c.intitule + " : séances qui la travaillent",
                         "aria-label": "Compétence " + c.numero + ", séances qui la travaillent",
                         text: String(c.numero)});
        bas.appendChild(el("th", {scope: "col", className: "promo-col"}, [a]));
      });
    });
    return el("thead", {}, [haut, bas]);
  }

  /* Sur téléphone, la colonne Source s'écrit en abrégé (« Év. », « Auto ») pour laisser voir
     des compétences ; le libellé entier reste lu par les lecteurs d'écran. */
  function source(long, court) {
    return [el("span", {className: "promo-source-long", text: long}),
            el("span", {className: "promo-source-court", "aria-hidden": "true", text: court})];
  }

  function corpsStagiaire(nom, ligne, comps, sources) {
    var tbody = el("tbody"), n = sources.length + (avecEcart() ? 1 : 0);
    sources.forEach(function (s, i) {
      var tr = el("tr", {"data-source": s.id});
      if (i === 0) tr.appendChild(el("th", {scope: "rowgroup", rowspan: String(n), text: nom}));
      tr.appendChild(el("th", {scope: "row", className: "promo-source"}, source(s.libelle, ABREGE[s.id])));
      comps.forEach(function (c) {
        var x = ligne && ligne[c.id] && ligne[c.id][s.id];
        tr.appendChild(el("td", {"data-competence": c.id},
          [x ? niveauCase(x) : vide("non évalué")]));
      });
      tbody.appendChild(tr);
    });
    if (avecEcart()) {
      var tr = el("tr", {className: "promo-ligne-ecart", "data-source": "ecart"});
      if (!sources.length) tr.appendChild(el("th", {scope: "rowgroup", text: nom}));
      tr.appendChild(el("th", {scope: "row", className: "promo-source"},
                        source("Écart auto-évaluation / évaluateur", "Écart")));
      comps.forEach(function (c) {
        tr.appendChild(el("td", {"data-competence": c.id}, [ecart(P.ecart(ligne && ligne[c.id]))]));
      });
      tbody.appendChild(tr);
    }
    return tbody;
  }

  /* Téléphone : une carte par stagiaire. Son nom en titre, puis une ligne par compétence
     (numéro et intitulé) avec, l'un sous l'autre, le niveau de chaque source nommée en clair
     (« Évaluateur ● Acquis ») et l'écart : tout se lit sans faire glisser l'écran de côté. */
  var numeroCarte = 0;

  function ligneCarte(s, contenu) {
    return el("div", {className: "promo-carte-ligne", "data-source": s},
              [el("span", {className: "promo-carte-source", text: s === "ecart" ? "Écart" :
                P.SOURCES.filter(function (x) { return x.id === s; })[0].libelle}),
               document.createTextNode(" "), contenu]);
  }

  function carteStagiaire(nom, ligne, comps, sources) {
    var id = "promo-carte-" + (++numeroCarte);
    var corps = el("tbody"), partie = null;
    comps.forEach(function (c) {
      if (c.ccp !== partie) {
        partie = c.ccp;
        if (ref.ccp[c.ccp]) corps.appendChild(el("tr", {className: "promo-carte-partie"}, [
          el("th", {scope: "colgroup", colspan: "2", text: nomPartie(ref.ccp[c.ccp])})]));
      }
      var cellule = ligne && ligne[c.id], td = el("td");
      sources.forEach(function (s) {
        if (cellule && cellule[s.id]) td.appendChild(ligneCarte(s.id, niveauCase(cellule[s.id])));
      });
      var g = avecEcart() ? P.ecart(cellule) : null;
      if (g !== null) td.appendChild(ligneCarte("ecart", ecart(g)));
      if (!td.childNodes.length) td.appendChild(vide("non évalué"));
      corps.appendChild(el("tr", {"data-competence": c.id}, [el("th", {scope: "row"}, [
        el("a", {href: "#comp-" + c.id, className: "promo-carte-numero", text: String(c.numero)}),
        el("span", {className: "promo-carte-intitule", text: " " + c.intitule})]), td]));
    });
    var tete = el("tr", {}, [el("th", {scope: "col", text: "Compétence"}),
                             el("th", {scope: "col", text: "Niveau le plus récent, par source"})]);
    return el("section", {className: "promo-carte", "aria-labelledby": id}, [
      el("h3", {id: id, className: "promo-carte-nom", text: nom}),
      el("table", {className: "promo-carte-table"}, [el("thead", {}, [tete]), corps])]);
  }

  function rendreMatrice(derniers, noms) {
    var comps = competences(), sources = sourcesVues(), table = $("promo-matrice");
    var cartes = $("promo-cartes"), enCartes = disposition.cartes();
    // la hauteur d'un stagiaire dépend des lignes (sources) et, en cartes, des compétences
    var forme = [enCartes, sources.length, avecEcart(), enCartes ? comps.length : 0].join("/");
    if (vueListe) {
      reperesListe[vueListe.forme] = vueListe.reperes();
      vueListe.detruire();
    }
    var avant = reperesListe[forme] || {};
    table.textContent = "";
    cartes.textContent = "";
    racine.classList.toggle("promo-en-cartes", enCartes);
    var construire = enCartes ? carteStagiaire : corpsStagiaire;
    var elements = noms.map(function (nom) {
      var r = reperes(derniers[nom], comps);
      return {nom: nom, ecart: r.ecart, niveau: r.niveau, construire: function () {
        return construire(nom, derniers[nom], comps, sources);
      }};
    });
    if (enCartes) {
      vueListe = CIP.promotionMatrice.liste({conteneur: cartes, cadre: null, elements: elements,
                                             hauteur: avant.hauteur, debut: avant.debut,
                                           hauteurCadre: avant.hauteurCadre});
      vueListe.forme = forme;
      trier();
      return;
    }
    table.appendChild(el("caption", {text: "Dernier niveau de chaque " + CIP.site.mots.apprenant +
      " par compétence et par source" +
      (filtres.ccp ? " (" + nomPartie(ref.ccp[filtres.ccp]) + ")" : "")}));
    // largeurs des colonnes fixées (promotion.css) : le navigateur n'a pas à mesurer chaque case
    // pour mettre le tableau en page
    table.appendChild(el("colgroup", {}, [el("col", {className: "promo-col-stagiaire"}),
      el("col", {className: "promo-col-source"})].concat(comps.map(function () {
        return el("col", {className: "promo-col-competence"});
      }))));
    table.appendChild(enteteMatrice(comps));
    vueListe = CIP.promotionMatrice.liste({conteneur: table, cadre: $("promo-cadre-matrice"),
                                           colonnes: comps.length + 2, elements: elements,
                                           hauteur: avant.hauteur, debut: avant.debut,
                                           hauteurCadre: avant.hauteurCadre});
    vueListe.forme = forme;
    trier();
    if (disposition.impression()) vueListe.tout();
    CIP.promotionMatrice.figer(table);
  }

  /* -- par compétence -- */
  function seances(c) {
    if (!c.seances || !c.seances.length) return el("span", {text: "aucune séance du programme"});
    return el("ul", {className: "promo-seances"}, c.seances.map(function (s) {
      return el("li", {}, [el("a", {href: lien(s.page), text: s.intitule}),
                           el("span", {text: s.date ? " (" + dateFr(s.date) + ")" : ""})]);
    }));
  }

  function rendreCompetences(lignes) {
    var table = $("promo-competences");
    table.textContent = "";
    table.appendChild(el("caption", {text: "Effectif à chaque niveau : niveau de l'évaluateur, à " +
      "défaut du tuteur, à défaut l'auto-évaluation (sources cochées)"}));
    var tete = el("tr", {}, [el("th", {scope: "col", text: "Compétence"})]);
    ref.niveaux.forEach(function (n, i) {
      tete.appendChild(el("th", {scope: "col"}, [niveau(i)]));
    });
    ["Non évalués", "Pas encore atteint", "Évaluations partielles",
     "Critères que personne n'a encore évalués",
     "Séances qui la travaillent"].forEach(function (t) {
      tete.appendChild(el("th", {scope: "col", text: t}));
    });
    table.appendChild(el("thead", {}, [tete]));
    var corps = el("tbody");
    lignes.forEach(function (l) {
      var c = l.competence;
      if (filtres.ccp && c.ccp !== filtres.ccp) return;
      var tr = el("tr", {id: "comp-" + c.id, className: l.nonAtteint ? "promo-faible" : ""},
        [el("th", {scope: "row"}, [el("a", {href: lien(c.page), text: c.numero + ". " + c.intitule})])]);
      l.effectifs.forEach(function (k) { tr.appendChild(el("td", {className: "promo-nombre", text: String(k)})); });
      tr.appendChild(el("td", {className: "promo-nombre", text: String(l.nonEvalues)}));
      tr.appendChild(el("td", {className: "promo-nombre", text: String(l.nonAtteint)}));
      tr.appendChild(el("td", {className: "promo-nombre", text: String(l.partiels)}));
      tr.appendChild(el("td", {text: l.criteresNonEvalues.length ? l.criteresNonEvalues.map(function (cr) {
        return cr.numero + " " + cr.libelle;
      }).join(" ; ") : "aucun"}));
      tr.appendChild(el("td", {}, [seances(c)]));
      corps.appendChild(tr);
    });
    table.appendChild(corps);
  }

  function rendreSynthese(lignes, total) {
    var zone = $("promo-synthese");
    zone.textContent = "";
    if (!total) {
      zone.appendChild(el("p", {text: "Aucun export nommé n'est chargé : choisissez ou déposez les " +
        "fichiers JSON exportés depuis les grilles à remplir."}));
      return;
    }
    var vues = lignes.filter(function (l) { return !filtres.ccp || l.competence.ccp === filtres.ccp; });
    var faibles = vues.filter(function (l) { return l.nonAtteint > 0; }).sort(function (a, b) {
      return b.nonAtteint - a.nonAtteint || a.competence.numero - b.competence.numero;
    });
    var jamais = vues.filter(function (l) { return l.nonEvalues === total; });
    zone.appendChild(el("p", {text: faibles.length ? "Compétences pas encore atteintes (" +
      CIP.site.mots.apprenants + " en dessous du niveau attendu, sur " + total + ") :" :
      CIP.accord("Aucun ", "Aucune ") + CIP.site.mots.apprenant +
      CIP.accord(" évalué", " évaluée") + " n'est en dessous du niveau attendu sur les " +
      "compétences affichées."}));
    if (faibles.length) {
      zone.appendChild(el("ul", {}, faibles.map(function (l) {
        var c = l.competence;
        return el("li", {}, [el("a", {href: "#comp-" + c.id, text: "Compétence " + c.numero}),
          el("span", {text: " (" + c.intitule + ") : " + l.nonAtteint + " sur " + total +
            (l.nonEvalues ? ", " + l.nonEvalues + " non évalué" + (l.nonEvalues > 1 ? "s" : "") : "")})]);
      })));
    }
    if (jamais.length) {
      zone.appendChild(el("p", {text: "Encore évaluées pour personne : compétence" +
        (jamais.length > 1 ? "s " : " ") + jamais.map(function (l) { return l.competence.numero; })
        .join(", ") + "."}));
    }
  }

  /* -- par stagiaire : niveaux dans le temps -- */
  function rendreHistorique(noms) {
    var choix = $("promo-stagiaire"), garde = choix.value;
    choix.textContent = "";
    noms.forEach(function (n) { choix.appendChild(el("option", {value: n, text: n})); });
    if (noms.indexOf(garde) >= 0) choix.value = garde;
    var table = $("promo-historique");
    table.textContent = "";
    if (!noms.length) return;
    var h = P.historique(ref, promo, choix.value), sources = sourcesVues();
    table.appendChild(el("caption", {text: "Niveaux de " + choix.value + " à chaque date d'export"}));
    var tete = el("tr", {}, [el("th", {scope: "col", text: "Compétence"})]);
    h.dates.forEach(function (d) { tete.appendChild(el("th", {scope: "col", text: dateFr(d)})); });
    table.appendChild(el("thead", {}, [tete]));
    var corps = el("tbody");
    competences().forEach(function (c) {
      var tr = el("tr", {}, [el("th", {scope: "row", text: c.numero + ". " + c.intitule})]);
      h.dates.forEach(function (d) {
        var cellule = h.lignes[c.id] && h.lignes[c.id][d], td = el("td");
        sources.forEach(function (s) {
          if (!cellule || cellule[s.id] === undefined) return;
          td.appendChild(el("div", {}, [el("span", {className: "promo-abrege", text: ABREGE[s.id] + " ",
            title: s.libelle}), niveau(cellule[s.id], s.libelle)]));
        });
        if (!td.childNodes.length) td.appendChild(vide("non évalué"));
        tr.appendChild(td);
      });
      corps.appendChild(tr);
    });
    table.appendChild(corps);
  }

  /* -- fichiers : sans nom, écartés, critères inconnus -- */
  function tableau(id, titres, lignes) {
    var zone = $(id);
    zone.textContent = "";
    if (!lignes.length) return;
    var tete = el("tr", {}, titres.slice(1).map(function (t) { return el("th", {scope: "col", text: t}); }));
    var table = el("table", {className: "promo-table"}, [el("caption", {text: titres[0]}),
      el("thead", {}, [tete]), el("tbody", {}, lignes)]);
    zone.appendChild(el("div", {className: "promo-defile", tabindex: "0", role: "region",
                                "aria-label": titres[0]}, [table]));
  }

  function ligneSansNom(e, i) {
    var champ = el("input", {type: "text", id: "promo-nom-" + i, list: "promo-noms",
                             autocomplete: "off"});
    var bouton = el("button", {type: "button", className: "md-button", text: "Attribuer"});
    bouton.addEventListener("click", function () {
      var erreur = P.attribuer(promo, e, champ.value);
      if (erreur) { dire(erreur); champ.focus(); return; }
      collection.enregistrer();
      rendre();
      dire("« " + e.fichier + " » attribué à « " + e.stagiaire + " ».");
    });
    return el("tr", {}, [el("th", {scope: "row", text: e.fichier}), el("td", {text: e.cle}),
      el("td", {text: dateFr(e.date)}), el("td", {}, [
        el("label", {"for": "promo-nom-" + i, className: "grille-sr",
                     text: CIP.majuscule(CIP.site.mots.apprenant) + " de " + e.fichier}),
        champ, bouton])]);
  }

  function rendreFichiers(noms) {
    var liste = $("promo-noms");
    liste.textContent = "";
    noms.forEach(function (n) { liste.appendChild(el("option", {value: n})); });
    var sansNom = promo.exports.filter(function (e) { return !e.stagiaire; });
    tableau("promo-sans-nom", ["Exports « sans nom » : indiquez " + CIP.site.mots.le_apprenant,
      "Fichier", "Grille", "Date", CIP.majuscule(CIP.site.mots.apprenant)],
      sansNom.map(ligneSansNom));
    tableau("promo-rejets", ["Fichiers écartés (rien d'autre n'a été retiré)", "Fichier", "Raison"],
      promo.rejets.map(function (r) {
        return el("tr", {}, [el("th", {scope: "row", text: r.fichier}), el("td", {text: r.raison})]);
      }));
    var etranges = promo.exports.filter(function (e) { return e.inconnus.length || e.bizarres.length; });
    tableau("promo-inconnus", ["Critères inconnus dans cette version du référentiel", "Fichier",
      "Version de l'export", "Ce qui n'a pas été repris"], etranges.map(function (e) {
      var quoi = e.inconnus.map(function (k) { return k + " : critère inconnu dans cette version"; })
        .concat(e.bizarres.map(function (b) { return b + " : niveau inconnu de l'échelle"; }));
      return el("tr", {}, [el("th", {scope: "row", text: e.fichier}), el("td", {text: e.version}),
        el("td", {text: quoi.join(" ; ")})]);
    }));
    $("promo-resume").textContent = CIP.pluriel(promo.exports.length, "export") + " chargé" +
      (promo.exports.length > 1 ? "s" : "") + " pour " + CIP.pluriel(noms.length, CIP.site.mots.apprenant, CIP.site.mots.apprenants) +
      (sansNom.length ? ", dont " + sansNom.length + " sans nom" : "") + (promo.rejets.length ?
      " ; " + CIP.pluriel(promo.rejets.length, "fichier écarté", "fichiers écartés") : "") + ".";
  }

  /* Noms et derniers niveaux : recalculés quand la promotion change (rendre), gardés quand
     seul un filtre change (rendreVue). */
  var calcul = null;

  function rendreVue() {
    if (!calcul) { rendre(); return; }
    var noms = calcul.noms, table = calcul.derniers;
    var lignes = P.parCompetence(ref, promo, filtres.sources, {stagiaires: noms, derniers: table});
    // tout ce qui s'écrit d'abord, le tableau (qui lit des positions) ensuite : une seule
    // mise en page forcée de plus
    rendreSynthese(lignes, noms.length);
    rendreCompetences(lignes);
    rendreHistorique(noms);
    rendreMatrice(table, noms);
    if (CIP.tableauxLarges) CIP.tableauxLarges();
  }

  function rendre() {
    var noms = P.stagiaires(promo);
    calcul = {noms: noms, derniers: P.derniers(ref, promo, noms)};
    racine.classList.toggle("promo-vide-tout", !noms.length);
    CIP.promotionNoms.rendre($("promo-identites"), promo, function (message) {
      collection.enregistrer();
      rendre();
      dire(message);
    });
    rendreFichiers(noms);
    $("promo-nom").value = promo.nom;
    rendreVue();
  }

  /* Au-delà, afficher une promotion enregistrée peut bloquer la page de longues minutes (le
     temps vient surtout du nombre de stagiaires) : on demande avant de la rouvrir. */
  var GRANDE = {exports: 4000, stagiaires: 150};

  function tropGrande(nom, doc) {
    var exports = exportsDe(doc), vus = Object.create(null), n = 0;
    exports.forEach(function (d) {
      var s = d && d.valeurs && typeof d.valeurs.stagiaire === "string" ?
        d.valeurs.stagiaire.trim().toLocaleLowerCase("fr") : "";
      if (s && !vus[s]) { vus[s] = true; n += 1; }
    });
    if (exports.length <= GRANDE.exports && n <= GRANDE.stagiaires) return false;
    return !window.confirm("La promotion « " + nom + " » enregistrée dans ce navigateur est très " +
      "grande (" + CIP.pluriel(exports.length, "export") + ", " + CIP.pluriel(n, CIP.site.mots.apprenant, CIP.site.mots.apprenants) +
      ") : l'afficher peut bloquer cette page plusieurs minutes. L'ouvrir maintenant ?");
  }

  function exportsDe(doc) { return doc && Array.isArray(doc.exports) ? doc.exports : []; }

  function nomLibre() {
    var liste = collection.noms(), nom = "Nouvelle promotion", i = 2;
    while (liste.indexOf(nom) >= 0) nom = "Nouvelle promotion (" + (i++) + ")";
    return nom;
  }

  /* Trop grande, elle n'est pas ouverte : une promotion vide au nom libre la remplace. */
  function refus(nom, doc) {
    if (!tropGrande(nom, doc)) return null;
    return {nom: nomLibre(), message: "La promotion « " + nom + " » n'a pas été ouverte ; elle " +
      "reste enregistrée dans ce navigateur : choisissez-la dans « Promotions enregistrées dans " +
      "ce navigateur » pour l'ouvrir."};
  }

  /* -- chargement des fichiers -- */
  function charger(fichiers) {
    var debut = performance.now(), n = fichiers.length;
    racine.dataset.etat = "lecture";
    dire("Lecture de " + CIP.pluriel(n, "fichier") + "…");
    return CIP.files.readAll(fichiers, undefined, $("promo-progression")).then(function (lus) {
      var lu = performance.now();
      collection.aJour(); // un autre onglet a pu l'enregistrer pendant la lecture
      var res = P.ajouter(ref, promo, lus);
      var ajoute = performance.now();
      rendre();
      var rendu = performance.now();
      // Enregistrée dans ce navigateur juste après l'affichage : les tableaux n'attendent pas
      // l'écriture (un échec est annoncé dans la zone d'état, rien n'est retiré de la page).
      var erreur = res.ajoutes.length ? collection.enregistrer() : null;
      var duree = performance.now() - debut;
      racine.dataset.durees = [lu - debut, ajoute - lu, rendu - ajoute, performance.now() - rendu]
        .map(Math.round).join(" ");
      dire(collection.bilan(res, erreur));
      racine.dataset.etat = "pret";
      document.dispatchEvent(new CustomEvent("cip:promotion",
        {detail: {ajoutes: res.ajoutes.length, rejetes: res.rejetes.length, duree: duree}}));
      return res;
    });
  }

  /* Filtres, tri, tableau ou cartes ; l'enregistrement dans ce navigateur (relu quand un autre
     onglet l'enregistre), le choix et le dépôt des fichiers n'importe où sur la page, les
     boutons d'action : CIP.collection. */
  function brancher() {
    $("promo-filtre-ccp").addEventListener("change", function (ev) {
      filtres.ccp = ev.target.value;
      rendreVue();
    });
    racine.querySelectorAll("input[name=promo-source]").forEach(function (c) {
      c.addEventListener("change", function () {
        filtres.sources = Array.prototype.filter.call(racine.querySelectorAll("input[name=promo-source]"),
          function (x) { return x.checked; }).map(function (x) { return x.value; });
        rendreVue();
      });
    });
    $("promo-filtre-nom").addEventListener("input", function () {
      var vus = trier();
      dire(CIP.pluriel(vus, CIP.site.mots.apprenant, CIP.site.mots.apprenants) + " " +
           CIP.accord("affiché", "affichée") + (vus > 1 ? "s" : "") + ".");
    });
    $("promo-tri").addEventListener("change", trier);
    window.addEventListener("resize", function () { CIP.promotionMatrice.figer($("promo-matrice")); });
    disposition = CIP.promotionMatrice.disposition(racine, rendreVue);
    $("promo-stagiaire").addEventListener("change", function () { rendreHistorique(P.stagiaires(promo)); });
    collection = CIP.collection.attach({
      type: "promotion", mots: {nom: "promotion", le: "la promotion", un: "une promotion"},
      creer: P.creer, enJSON: P.enJSON,
      lire: function (x, doc) { P.ajouter(ref, x, [{name: x.nom, data: doc}]); },
      refus: refus, autresOnglets: true,
      afficher: function (x) { promo = x; rendre(); },
      dire: dire, choix: $("promo-enregistrees"), champ: $("promo-nom"),
      entree: $("promo-fichiers"), depot: $("promo-depot"), charger: charger,
      boutons: racine, attribut: "promo",
      lignesCSV: function () { return P.lignesCSV(ref, promo, filtres); }
    });
  }

  function remplirLegende() {
    var zone = $("promo-legende");
    zone.appendChild(el("span", {text: "Niveaux : "}));
    ref.niveaux.forEach(function (n, i) {
      zone.appendChild(el("span", {className: "promo-niv promo-r" + i + (n.maitrise ? " promo-atteint" : "")}, [
        el("span", {className: "promo-forme", "aria-hidden": "true", text: P.forme(i, ref.niveaux.length)}),
        el("span", {text: " " + n.libelle + (n.maitrise ? " (atteint)" : "")})]));
      zone.appendChild(document.createTextNode(i < ref.niveaux.length - 1 ? " · " : ""));
    });
    zone.appendChild(el("span", {text: " ; — : non évalué."}));
  }

  function remplirFiltres() {
    var choix = $("promo-filtre-ccp");
    ref.ccps.forEach(function (c) {
      choix.appendChild(el("option", {value: c.id, text: CIP.majuscule(CIP.site.mots.partie) +
        " " + c.numero + " : " + c.intitule}));
    });
  }

  function demarrer(zone, donnees) {
    racine = zone;
    P = CIP.promotion;
    ref = P.referentiel(donnees);
    remplirFiltres();
    remplirLegende();
    brancher();
    return collection;
  }

  CIP.promotionPage = {
    charger: function (fichiers) { return charger(fichiers); },
    etat: function () { return {ref: ref, promo: promo, filtres: filtres}; }
  };

  // sans libellés ni démarrage : le bandeau d'échec (CIP.panne, cip.js)
  CIP.collection.page("promotion", demarrer, function () {
    dire("Chargement des libellés du référentiel…");
  });
})(window.CIP = window.CIP || {});

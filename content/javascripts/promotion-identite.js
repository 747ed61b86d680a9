/* CIP.identite : une personne, quelle que soit la façon dont son nom a été tapé. Fonctions
   pures, sans DOM ni stockage : CIP.promotion (promotion.js) s'en sert pour regrouper les
   exports d'un même stagiaire, la page « Suivi de la promotion » pour proposer les fusions.

   Deux noms sont la même personne, sans rien demander, quand ils ne diffèrent que par les
   apostrophes (' ’ ʼ), les accents, les majuscules, les espaces, les tirets et les points :
   « Élodie N’Diaye », « Elodie N'Diaye » et « elodie ndiaye » ne font qu'un. Les noms
   proches (une ou deux lettres d'écart, prénom et nom inversés) sont seulement proposés :
   la fusion est toujours un choix explicite (CIP.promotion.fusionner), annulable.

   API
   CIP.identite.plier(nom)            la clé d'identité : « elodiendiaye ».
   CIP.identite.mots(nom)             les mots pliés, triés : « camille martin » pour
                                      « Martin Camille ».
   CIP.identite.distance(a, b, max)   nombre de lettres à changer, ajouter, retirer ou
                                      intervertir pour passer de a à b ; max + 1 dès que
                                      l'écart dépasse max.
   CIP.identite.proches(a, b)         null, ou la raison pour laquelle deux noms (de clés
                                      différentes) sont peut-être la même personne. */
(function (CIP) {
  "use strict";

  var identite = {};
  var SEPARATEURS = /[\s'’ʼ‘`´\-‐‑‒–—.,_]+/g;

  function deaccentuer(nom) {
    return String(nom || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
      .toLocaleLowerCase("fr");
  }

  /* Les mêmes noms reviennent des milliers de fois (un par export, chaque paire de noms pour
     les propositions) : clés gardées, la mémoire vidée quand elle dépasse MEMOIRE noms. */
  var MEMOIRE = 5000, plies = new Map(), motsVus = new Map();

  function memo(table, nom, calcul) {
    var k = String(nom || ""), v = table.get(k);
    if (v === undefined) {
      if (table.size >= MEMOIRE) table.clear();
      v = calcul(k);
      table.set(k, v);
    }
    return v;
  }

  identite.plier = function (nom) {
    return memo(plies, nom, function (k) { return deaccentuer(k).replace(SEPARATEURS, ""); });
  };

  identite.mots = function (nom) {
    return memo(motsVus, nom, function (k) {
      return deaccentuer(k).replace(/['’ʼ‘`´.]/g, "").split(/[\s,_]+/)
        .map(function (m) { return m.replace(/[-‐‑‒–—]+/g, ""); })
        .filter(Boolean).sort().join(" ");
    });
  };

  /* Distance d'édition avec transpositions de lettres voisines (« Benail » / « Benali »),
     arrêtée dès que toute la ligne dépasse max. */
  identite.distance = function (a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var avant = null, prec = [], cour;
    for (var j = 0; j <= b.length; j++) prec.push(j);
    for (var i = 1; i <= a.length; i++) {
      cour = [i];
      var mini = i;
      for (j = 1; j <= b.length; j++) {
        var cout = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prec[j] + 1, cour[j - 1] + 1, prec[j - 1] + cout);
        if (avant && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, avant[j - 2] + 1);
        }
        cour.push(v);
        if (v < mini) mini = v;
      }
      if (mini > max) return max + 1;
      avant = prec;
      prec = cour;
    }
    return prec[b.length];
  };

  identite.proches = function (a, b) {
    var ka = identite.plier(a), kb = identite.plier(b);
    if (!ka || !kb || ka === kb) return null;
    var ma = identite.mots(a);
    if (ma.indexOf(" ") >= 0 && ma === identite.mots(b)) return "prénom et nom inversés";
    var court = Math.min(ka.length, kb.length);
    var max = court >= 8 ? 2 : court >= 4 ? 1 : 0;
    var d = max ? identite.distance(ka, kb, max) : max + 1;
    if (d > max) return null;
    return d === 1 ? "une lettre d'écart" : "deux lettres d'écart";
  };

  CIP.identite = identite;
})(window.CIP = window.CIP || {});

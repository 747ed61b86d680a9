/* « Suivi de la promotion », le grand tableau stagiaires × compétences une fois dessiné : filtre
   par nom, tri (nom, écart, niveau) et en-têtes figés. Rien n'est redessiné : un filtre masque
   des groupes de lignes, un tri les déplace (une centaine de stagiaires restent instantanés).
   La page (promotion-page.js) pose sur chaque <tbody data-stagiaire> data-ecart (plus grand
   écart auto-évaluation / évaluateur, en valeur absolue) et data-niveau (rang moyen retenu).

   API
   CIP.promotionMatrice.appliquer(table, {nom, tri})
                          montre les stagiaires dont le nom contient nom (apostrophes, accents,
                          majuscules, espaces et tirets ignorés) ; tri : "nom", "ecart" (plus
                          grand d'abord) ou "niveau" (plus bas d'abord) ; renvoie le nombre de
                          stagiaires montrés.
   CIP.promotionMatrice.figer(table)
                          la ligne d'en-tête et les colonnes Stagiaire et Source restent visibles
                          quand on fait défiler le cadre dans les deux sens (à rappeler quand
                          la largeur de l'écran change). */
(function (CIP) {
  "use strict";

  function nombre(v, defaut) {
    var n = parseFloat(v);
    return isNaN(n) ? defaut : n;
  }

  var TRIS = {
    nom: function () { return 0; },
    ecart: function (a, b) {
      return nombre(b.dataset.ecart, -1) - nombre(a.dataset.ecart, -1);
    },
    niveau: function (a, b) {
      return nombre(a.dataset.niveau, Infinity) - nombre(b.dataset.niveau, Infinity);
    }
  };

  function appliquer(table, choix) {
    var cherche = CIP.identite.plier(choix.nom || "");
    var corps = Array.prototype.slice.call(table.querySelectorAll("tbody[data-stagiaire]"));
    var vus = 0;
    corps.forEach(function (tb, i) {
      if (tb.dataset.ordre === undefined) tb.dataset.ordre = String(i);
      var montre = !cherche || CIP.identite.plier(tb.dataset.stagiaire).indexOf(cherche) >= 0;
      tb.hidden = !montre;
      if (montre) vus += 1;
    });
    // déplacer les groupes de lignes remet tout le tableau en page : seulement si l'ordre change
    var tri = TRIS[choix.tri] ? choix.tri : "nom";
    if ((table.dataset.tri || "nom") !== tri) {
      corps.sort(function (a, b) {
        return TRIS[tri](a, b) || Number(a.dataset.ordre) - Number(b.dataset.ordre);
      }).forEach(function (tb) { table.appendChild(tb); });
      table.dataset.tri = tri;
    }
    return vus;
  }

  /* La seconde ligne d'en-tête se place sous la première (sa hauteur dépend de la largeur de
     l'écran : mesurée une fois le tableau dessiné). La colonne Source est à droite de la colonne
     Stagiaire, de largeur fixe (promotion.css). */
  function figer(table) {
    var tete = table.tHead;
    if (!tete || tete.rows.length < 2) return;
    var haut = tete.rows[0].getBoundingClientRect().height;
    Array.prototype.forEach.call(tete.rows[1].cells, function (th) { th.style.top = haut + "px"; });
  }

  CIP.promotionMatrice = {appliquer: appliquer, figer: figer};
})(window.CIP = window.CIP || {});

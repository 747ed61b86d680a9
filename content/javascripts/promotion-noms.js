/* « Suivi de la promotion », bloc « Noms des stagiaires » : les noms rapprochés sans rien
   demander (« N’Diaye = N'Diaye »), les fusions choisies (annulables) et les noms peut-être
   identiques à fusionner ou à garder distincts. Calculs : CIP.promotion (promotion.js) et
   CIP.identite (promotion-identite.js). Tout nom venu d'un fichier est écrit avec
   textContent.

   API
   CIP.promotionNoms.rendre(zone, promo, apres[, personnes])
                      remplit zone ; apres(message) est appelé après chaque choix (la page
                      enregistre la promotion, redessine et annonce le message) ; personnes :
                      {singulier, pluriel, id} (défaut : stagiaire, stagiaires, promo) pour le
                      suivi de l'équipe (salarié). */
(function (CIP) {
  "use strict";

  var el = CIP.element;

  function bouton(texte, action) {
    var b = el("button", {type: "button", className: "md-button promo-petit", text: texte});
    b.addEventListener("click", action);
    return b;
  }

  function rapprochements(P, promo, apres) {
    var liste = P.rapprochements(promo);
    if (!liste.length) return null;
    return el("ul", {className: "promo-rapproches"}, liste.map(function (r) {
      var li = el("li", {}, [el("span", {text: r.graphies.join(" = ")}),
        el("span", {text: r.explicite ? " (fusion choisie, gardée sous « " + r.nom + " »)" :
          " (même nom, écrit autrement)"})]);
      if (r.explicite) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(bouton("Annuler la fusion", function () {
          P.separer(promo, r.nom);
          apres("Fusion annulée : " + r.graphies.join(", ") + " sont de nouveau séparés.");
        }));
      }
      return li;
    }));
  }

  /* Au-delà, les paires suivantes attendent qu'on ait traité les premières (des noms
     numérotés, « Stagiaire 01 », « Stagiaire 02 »…, en feraient des milliers). */
  var MONTREES = 30;

  var mots = {singulier: "stagiaire", pluriel: "stagiaires", id: "promo"};

  function propositions(P, promo, apres) {
    var proches = P.proches(promo);
    if (!proches.length) return null;
    var liste = el("ul", {className: "promo-proches"}, proches.slice(0, MONTREES).map(function (p) {
      return el("li", {}, [
        el("span", {text: "« " + p.a + " » et « " + p.b + " » (" + p.raison + ") : "}),
        bouton("Fusionner sous « " + p.a + " »", function () {
          P.fusionner(promo, p.b, p.a);
          apres("« " + p.b + " » fusionné avec « " + p.a + " ».");
        }),
        bouton("Fusionner sous « " + p.b + " »", function () {
          P.fusionner(promo, p.a, p.b);
          apres("« " + p.a + " » fusionné avec « " + p.b + " ».");
        }),
        bouton("Deux personnes", function () {
          P.distinguer(promo, p.a, p.b);
          apres("« " + p.a + " » et « " + p.b + " » restent deux " + mots.pluriel + ".");
        })]);
    }));
    if (proches.length <= MONTREES) return liste;
    var reste = proches.length - MONTREES;
    return el("div", {}, [liste, el("p", {text: "… et " + CIP.pluriel(reste, "autre paire",
      "autres paires") + " de noms proches, montrée" + (reste > 1 ? "s" : "") + " quand " +
      "celles-ci auront été traitées."})]);
  }

  function rendre(zone, promo, apres, personnes) {
    var P = CIP.promotion;
    mots = personnes || {singulier: CIP.site.mots.apprenant, pluriel: CIP.site.mots.apprenants,
                         unSeul: CIP.accord("un seul ", "une seule "), id: "promo"};
    zone.textContent = "";
    var vus = rapprochements(P, promo, apres), proches = propositions(P, promo, apres);
    if (!vus && !proches) return;
    zone.appendChild(el("h3", {id: mots.id + "-noms-titre", text: "Noms des " + mots.pluriel}));
    if (proches) {
      zone.appendChild(el("p", {text: "Peut-être la même personne : fusionnez (le nom gardé " +
        "est celui du bouton), ou dites que ce sont deux " + mots.pluriel + "."}));
      zone.appendChild(proches);
    }
    if (vus) {
      zone.appendChild(el("p", {text: "Réunis sous " + (mots.unSeul || "un seul ") +
        mots.singulier + " (apostrophes, accents, " +
        "majuscules, espaces et tirets ne comptent pas) :"}));
      zone.appendChild(vus);
    }
  }

  CIP.promotionNoms = {rendre: rendre};
})(window.CIP = window.CIP || {});

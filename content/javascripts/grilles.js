/* Grilles à remplir à l'écran : ce qui est propre aux grilles, c'est-à-dire le bilan des
   niveaux (« Où j'en suis » / « Bilan »). Enregistrement, export, import, effacement et
   impression viennent de CIP.form (cip-form.js). Une clé par grille et par version du
   référentiel : l'auto-évaluation et la grille de l'évaluateur ne se mélangent jamais.

   API
   CIP.grilles.FORMAT        « referentiel-cip/grille », format des exports de grille.
   CIP.grilles.bilan(form)   met à jour le paragraphe .grille-bilan du formulaire. */
(function (CIP) {
  "use strict";

  var FORMAT = "referentiel-cip/grille";

  function bilan(form) {
    var zone = form.querySelector(".grille-bilan");
    if (!zone) return;
    var total = Number(zone.dataset.lignes);
    var atteint = 0, enDessous = 0, aTravailler = [];
    form.querySelectorAll("tbody tr").forEach(function (tr) {
      var coche = tr.querySelector('input[type="radio"]:checked');
      if (!coche) return;
      if (coche.hasAttribute("data-maitrise")) {
        atteint += 1;
      } else {
        enDessous += 1;
        aTravailler.push(tr.querySelector("th strong").textContent.replace(/\.$/, ""));
      }
    });
    var vides = total - atteint - enDessous;
    var unite = form.querySelector("thead th").textContent.trim().toLowerCase();
    zone.textContent = zone.dataset.intitule + " : " + CIP.pluriel(atteint, unite) + " sur " +
      total + " au niveau " + zone.dataset.atteint + ", " + enDessous + " en dessous, " +
      vides + " non renseigné" + (vides > 1 ? "s" : "") + "." +
      (aTravailler.length ? " À travailler : " + aTravailler.join(", ") + "." : "");
  }

  CIP.grilles = {FORMAT: FORMAT, bilan: bilan};

  CIP.ready(function () {
    document.querySelectorAll("form.grille-remplissable").forEach(function (form) {
      CIP.form.attach(form, {
        format: FORMAT,
        cle: form.dataset.grille,
        version: form.dataset.version,
        site: "referentiel-cip",
        status: form.querySelector(".grille-etat"),
        legacyKey: "referentiel-cip:grille:" + form.dataset.grille,
        extras: function () { return {grille: form.dataset.grille, titre: document.title}; },
        // la grille, la personne et le jour : les fichiers de toute une promotion, rangés dans
        // un même dossier, ne s'écrasent pas et se lisent par leur nom
        fileName: function () {
          var champ = form.dataset.personne && form.elements[form.dataset.personne];
          var jour = new Date();
          var deux = function (n) { return (n < 10 ? "0" : "") + n; };
          return CIP.files.fileName([form.dataset.grille, champ && champ.value,
            jour.getFullYear() + "-" + deux(jour.getMonth() + 1) + "-" + deux(jour.getDate())],
            ".json");
        },
        onChange: bilan
      });
    });
  });
})(window.CIP = window.CIP || {});

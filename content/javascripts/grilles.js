/* Grilles à remplir à l'écran : ce qui est propre aux grilles, c'est-à-dire le bilan des
   niveaux (« Où j'en suis » / « Bilan »). Enregistrement, export, import, effacement et
   impression viennent de CIP.form (cip-form.js). Une clé par grille et par version du
   référentiel : l'auto-évaluation et la grille de l'évaluateur ne se mélangent jamais.

   API
   CIP.grilles.FORMAT        « referentiel-cip/grille », format des exports de grille.
   CIP.grilles.bilan(form)   met à jour le paragraphe .grille-bilan du formulaire.
   Chaque export porte sa variante (data-variante de la page : évaluateur, tuteur,
   auto-évaluation, formulaire) et qui l'a rempli (CIP.profil, cip-profil.js). */
(function (CIP) {
  "use strict";

  var FORMAT = CIP.format("grille");

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

  /* Ce que le profil propose sur une feuille : le stagiaire qui s'auto-évalue y met son nom,
     l'évaluateur ou le tuteur le sien (et son rôle) ; la promotion dans les deux cas. */
  function propositions(variante) {
    var champs = {promotion: function (p) { return p.promotion; }};
    if (variante === "auto-evaluation") {
      champs.stagiaire = function (p) { return p.role === "stagiaire" ? p.nom : ""; };
    } else if (variante === "evaluateur" || variante === "tuteur") {
      champs.evaluateur = function (p) {
        return p.nom && p.role && p.role !== "stagiaire" ? p.nom + ", " +
          CIP.profil.libelleRole(p.role).toLowerCase() : "";
      };
    }
    return champs;
  }

  function avertir(form) {
    var note = document.getElementById("grille-avertissement");
    if (note) note.hidden = CIP.profil.lire().role !== "stagiaire";
  }

  function brancher(form) {
    var variante = form.dataset.variante;
    var controleur = CIP.form.attach(form, {
      format: FORMAT,
      cle: form.dataset.grille,
      version: form.dataset.version,
      site: CIP.site.espace,
      status: form.querySelector(".grille-etat"),
      legacyKey: CIP.site.espace + ":grille:" + form.dataset.grille,
      // la variante vient de la page remplie, le remplisseur du profil : jamais devinés
      extras: function () {
        return {grille: form.dataset.grille, titre: document.title, variante: variante,
                rempli_par: CIP.profil.remplisseur()};
      },
      // la grille, la personne et le jour : les fichiers de toute une promotion, rangés dans
      // un même dossier, ne s'écrasent pas et se lisent par leur nom
      fileName: function () {
        var champ = form.dataset.personne && form.elements[form.dataset.personne];
        return CIP.profil.nomFichier(form.dataset.grille, champ && champ.value);
      },
      onChange: bilan
    });
    function proposer() {
      if (CIP.profil.proposer(form, propositions(variante))) controleur.save();
      avertir(form);
    }
    CIP.profil.panneau(form, {onChange: proposer});
    proposer();
  }

  CIP.grilles = {FORMAT: FORMAT, bilan: bilan};

  CIP.ready(function () {
    document.querySelectorAll("form.grille-remplissable").forEach(brancher);
  });
})(window.CIP = window.CIP || {});

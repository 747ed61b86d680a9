/* Grilles à remplir à l'écran : les réponses restent dans ce navigateur (localStorage),
   sans compte ni envoi ; export et import d'un fichier JSON ; impression ; bilan des niveaux.
   Une clé par grille (« referentiel-cip:grille:<clé> ») : l'auto-évaluation et la grille de
   l'évaluateur ne se mélangent jamais. */
(function () {
  "use strict";

  var PREFIXE = "referentiel-cip:grille:";
  var FORMAT = "referentiel-cip/grille";

  function champs(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "button";
    });
  }

  function lire(form) {
    var valeurs = {};
    champs(form).forEach(function (el) {
      if (el.type === "radio") {
        if (el.checked) valeurs[el.name] = el.value;
      } else if (el.type === "checkbox") {
        if (el.checked) valeurs[el.name] = true;
      } else if (el.value !== "") {
        valeurs[el.name] = el.value;
      }
    });
    return valeurs;
  }

  function remplir(form, valeurs) {
    champs(form).forEach(function (el) {
      var v = Object.prototype.hasOwnProperty.call(valeurs, el.name) ? valeurs[el.name] : undefined;
      if (el.type === "radio") el.checked = v === el.value;
      else if (el.type === "checkbox") el.checked = v === true;
      else el.value = typeof v === "string" ? v : "";
    });
  }

  function document_(form) {
    return {
      format: FORMAT,
      grille: form.dataset.grille,
      version: form.dataset.version,
      titre: document.title,
      enregistre_le: new Date().toISOString(),
      valeurs: lire(form)
    };
  }

  function etat(form, message) {
    var zone = form.querySelector(".grille-etat");
    if (zone) zone.textContent = message;
  }

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
    zone.textContent = zone.dataset.intitule + " : " + atteint + " " + unite +
      (atteint > 1 ? "s" : "") + " sur " + total + " au niveau " + zone.dataset.atteint + ", " +
      enDessous + " en dessous, " + vides + " non renseigné" + (vides > 1 ? "s" : "") + "." +
      (aTravailler.length ? " À travailler : " + aTravailler.join(", ") + "." : "");
  }

  function enregistrer(form) {
    try {
      localStorage.setItem(PREFIXE + form.dataset.grille, JSON.stringify(document_(form)));
    } catch (e) {
      etat(form, "Enregistrement impossible dans ce navigateur : exportez vos réponses pour les garder.");
    }
  }

  function restaurer(form) {
    var brut = null;
    try {
      brut = localStorage.getItem(PREFIXE + form.dataset.grille);
    } catch (e) {
      etat(form, "Ce navigateur ne permet pas de garder les réponses : exportez-les pour les garder.");
      return;
    }
    if (!brut) return;
    try {
      var doc = JSON.parse(brut);
      remplir(form, doc.valeurs || {});
      etat(form, "Réponses retrouvées (enregistrées le " +
        new Date(doc.enregistre_le).toLocaleString("fr-FR") + ").");
    } catch (e) {
      etat(form, "Les réponses enregistrées sont illisibles : elles ont été ignorées.");
    }
  }

  function exporter(form) {
    var doc = document_(form);
    var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], {type: "application/json"});
    var lien = document.createElement("a");
    lien.href = URL.createObjectURL(blob);
    lien.download = form.dataset.grille + ".json";
    document.body.appendChild(lien);
    lien.click();
    lien.remove();
    setTimeout(function () { URL.revokeObjectURL(lien.href); }, 1000);
    etat(form, "Réponses exportées dans le fichier « " + lien.download + " ».");
  }

  function importer(form, fichier) {
    var lecteur = new FileReader();
    lecteur.onload = function () {
      var doc;
      try {
        doc = JSON.parse(lecteur.result);
      } catch (e) {
        etat(form, "Import impossible : « " + fichier.name + " » n'est pas un fichier JSON valide.");
        return;
      }
      if (!doc || doc.format !== FORMAT || typeof doc.valeurs !== "object") {
        etat(form, "Import impossible : « " + fichier.name + " » n'est pas un export de grille.");
        return;
      }
      if (doc.grille !== form.dataset.grille) {
        etat(form, "Import impossible : ce fichier contient les réponses d'une autre grille (« " +
          doc.grille + " »).");
        return;
      }
      remplir(form, doc.valeurs);
      enregistrer(form);
      bilan(form);
      etat(form, "Réponses importées depuis « " + fichier.name + " ».");
    };
    lecteur.readAsText(fichier);
  }

  function effacer(form) {
    if (!window.confirm("Effacer toutes les réponses de cette grille dans ce navigateur ?")) return;
    remplir(form, {});
    try { localStorage.removeItem(PREFIXE + form.dataset.grille); } catch (e) { /* rien à effacer */ }
    bilan(form);
    etat(form, "Réponses effacées.");
  }

  function brancher(form) {
    restaurer(form);
    bilan(form);
    form.addEventListener("input", function (ev) {
      if (ev.target.type === "file") return;
      enregistrer(form);
      bilan(form);
    });
    form.addEventListener("change", function (ev) {
      if (ev.target.dataset.action === "importer") {
        if (ev.target.files.length) importer(form, ev.target.files[0]);
        ev.target.value = "";
        return;
      }
      enregistrer(form);
      bilan(form);
    });
    form.addEventListener("click", function (ev) {
      var action = ev.target.dataset && ev.target.dataset.action;
      if (action === "imprimer") window.print();
      else if (action === "exporter") exporter(form);
      else if (action === "effacer") effacer(form);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  }

  function demarrer() {
    document.querySelectorAll("form.grille-remplissable").forEach(brancher);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
})();

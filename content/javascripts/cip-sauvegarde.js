/* CIP.sauvegarde : des réponses qui survivent. Elles ne vivent que dans ce navigateur, qui
   peut les effacer (Safari efface le stockage d'un site non installé après sept jours sans
   visite ; un disque plein, un nettoyage…). Trois défenses :
   - le stockage persistant (navigator.storage.persist()) est demandé quand le site est ouvert
     comme application installée, ou au premier enregistrement d'une réponse ;
   - sur les grilles et le Dossier professionnel, la date du dernier export est dite, et un
     rappel paraît après sept jours sans export ;
   - « Exporter toutes mes réponses » : un seul fichier. CIP.dossier.exporter() (« Mon
     dossier ») le fait quand il existe ; sinon, toutes les réponses de cet appareil (chaque
     clé « referentiel-cip:… » du stockage) dans un fichier de sauvegarde.
   Chargé après cip-storage.js et cip-files.js, dont il observe les enregistrements et les
   téléchargements de fichiers JSON (les exports).

   API
   CIP.sauvegarde.JOURS                  7, jours sans export avant le rappel.
   CIP.sauvegarde.persister()            Promise : true si le stockage est persistant.
   CIP.sauvegarde.dernierExport()        date (ms) du dernier export, ou null.
   CIP.sauvegarde.toutExporter()         télécharge tout ; renvoie le nom du fichier.
   CIP.sauvegarde.afficher(zone)         écrit l'état des exports dans zone. */
(function (CIP) {
  "use strict";

  var ESPACE = CIP.site.espace + ":";
  var EXPORT = ESPACE + "app:dernier-export";
  var PREMIERE = ESPACE + "app:premiere-reponse";
  var JOUR = 24 * 60 * 60 * 1000;
  var sauvegarde = {JOURS: 7};
  var demande = null;

  sauvegarde.persister = function () {
    if (demande) return demande;
    var s = navigator.storage;
    if (!s || !s.persist || !s.persisted) return Promise.resolve(false);
    demande = s.persisted().then(function (deja) { return deja || s.persist(); })
      .catch(function () { return false; });
    return demande;
  };

  function lireDate(cle) {
    var lu = CIP.storage.read(cle);
    var n = lu.ok && lu.value ? Number(lu.value) : NaN;
    return isFinite(n) ? n : null;
  }

  sauvegarde.dernierExport = function () { return lireDate(EXPORT); };

  // Observe les enregistrements (premier enregistrement : stockage persistant demandé) et les
  // exports (tout téléchargement JSON de réponses).
  var ecrire = CIP.storage.write;
  CIP.storage.write = function (cle, texte) {
    var erreur = ecrire.apply(CIP.storage, arguments);
    if (erreur === null && String(cle).indexOf(ESPACE + "app:") !== 0) {
      if (lireDate(PREMIERE) === null) ecrire.call(CIP.storage, PREMIERE, String(Date.now()));
      sauvegarde.persister();
    }
    return erreur;
  };
  var telecharger = CIP.files.download;
  CIP.files.download = function (texte, nom) {
    var resultat = telecharger.apply(CIP.files, arguments);
    if (/\.json$/i.test(String(nom))) {
      ecrire.call(CIP.storage, EXPORT, String(Date.now()));
      document.querySelectorAll(".cip-sauvegarde").forEach(sauvegarde.afficher);
    }
    return resultat;
  };

  function toutes() {
    var cles = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var cle = localStorage.key(i);
        if (cle && cle.indexOf(ESPACE) === 0 && cle.indexOf(ESPACE + "app:") !== 0) {
          cles[cle] = localStorage.getItem(cle);
        }
      }
    } catch (e) {
      return null;
    }
    return cles;
  }

  sauvegarde.toutExporter = function () {
    if (CIP.dossier && typeof CIP.dossier.exporter === "function") return CIP.dossier.exporter();
    var cles = toutes() || {};
    var jour = new Date().toISOString().slice(0, 10);
    return CIP.files.downloadJSON({format: CIP.format("sauvegarde"),
                                   exporte_le: new Date().toISOString(),
                                   nombre: Object.keys(cles).length, cles: cles},
                                  CIP.files.fileName([CIP.site.espace + "-sauvegarde", jour], ".json"));
  };

  function jourLong(ms) {
    return new Date(ms).toLocaleDateString("fr-FR", {day: "numeric", month: "long",
                                                      year: "numeric"});
  }

  sauvegarde.afficher = function (zone) {
    var texte = zone.querySelector("p");
    var dernier = sauvegarde.dernierExport();
    var premiere = lireDate(PREMIERE);
    var maintenant = Date.now();
    var depuis = dernier !== null ? dernier : premiere;
    var rappel = depuis !== null && maintenant - depuis > sauvegarde.JOURS * JOUR;
    var phrase = dernier !== null
      ? "Dernier export de vos réponses : le " + jourLong(dernier) + "."
      : "Vos réponses n'ont encore jamais été exportées dans un fichier.";
    if (rappel) {
      phrase += " Plus de " + sauvegarde.JOURS + " jours sans export : exportez vos réponses " +
        "pour ne pas les perdre si ce navigateur les efface.";
    }
    zone.classList.toggle("cip-sauvegarde--rappel", rappel);
    texte.textContent = phrase;
  };

  function installee() {
    return (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches) ||
      navigator.standalone === true;
  }

  CIP.ready(function () {
    if (installee()) sauvegarde.persister();
    var formulaire = document.querySelector("form.grille-remplissable, form.dp-formulaire");
    if (!formulaire) return;
    var zone = document.createElement("div");
    zone.className = "cip-sauvegarde";
    var texte = document.createElement("p");
    texte.setAttribute("role", "status");
    zone.appendChild(texte);
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "md-button";
    bouton.textContent = "Exporter toutes mes réponses";
    bouton.addEventListener("click", function () { sauvegarde.toutExporter(); });
    zone.appendChild(bouton);
    formulaire.parentNode.insertBefore(zone, formulaire);
    sauvegarde.afficher(zone);
  });

  CIP.sauvegarde = sauvegarde;
})(window.CIP = window.CIP || {});

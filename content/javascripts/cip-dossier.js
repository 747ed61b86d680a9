/* CIP.dossier : « Mon dossier », tout ce que ce navigateur garde pour une personne en un seul
   fichier : chaque grille et auto-évaluation remplie (variante, date, qui l'a remplie) et le
   Dossier professionnel. Format versionné « referentiel-cip/dossier », décrit par
   content/schemas/mon-dossier.schema.json. Le suivi de la promotion le lit comme autant
   d'exports séparés ; rechargé ici, il demande feuille par feuille avant de remplacer des
   réponses différentes (rien n'est perdu sans l'avoir accepté). Repose sur CIP.storage,
   CIP.files et CIP.profil.

   API
   CIP.dossier.FORMAT, CIP.dossier.VERSION_FORMAT   « referentiel-cip/dossier », 1.
   CIP.dossier.feuilles()         les feuilles enregistrées dans ce navigateur (enveloppes).
   CIP.dossier.construire()       le document « Mon dossier » (profil + feuilles).
   CIP.dossier.exporter()         télécharge ce document ; renvoie le nom du fichier.
   CIP.dossier.verifier(doc)      {ok: true, feuilles} ou {ok: false, message}.
   CIP.dossier.importer(doc, confirmer)
                                  écrit les feuilles dans ce navigateur ; confirmer(question)
                                  est demandé pour chaque feuille qui remplacerait des réponses
                                  différentes ; renvoie {message, importees, gardees,
                                  identiques} ou {message} si le fichier est refusé. */
(function (CIP) {
  "use strict";

  var SITE = CIP.site.espace; // « referentiel-cip » : seules les clés de ce référentiel
  var FORMATS = {};
  FORMATS[CIP.format("grille")] = "grille";
  FORMATS[CIP.format("dossier-professionnel")] = "dossier-professionnel";
  var CLE = new RegExp("^" + SITE + ":v[^:]*:(grille|dossier-professionnel):([A-Za-z0-9_.-]{1,120})$");
  var ANCIENNE = new RegExp("^" + SITE + ":grille:([A-Za-z0-9_.-]{1,120})$");
  var EXTRAS = ["grille", "titre", "variante", "rempli_par"];
  var dossier = {FORMAT: CIP.format("dossier"), VERSION_FORMAT: 1};

  function objet(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function cles() {
    try {
      var liste = [];
      for (var i = 0; i < window.localStorage.length; i++) liste.push(window.localStorage.key(i));
      return liste;
    } catch (e) {
      return [];
    }
  }

  /* Une feuille lue (stockage ou fichier) et nettoyée, ou null. */
  function feuille(doc) {
    if (!objet(doc) || !FORMATS[doc.format] || typeof doc.cle !== "string" ||
        !/^[A-Za-z0-9_.-]{1,120}$/.test(doc.cle)) return null;
    var verdict = CIP.storage.check(doc, {format: doc.format});
    if (!verdict.ok || verdict.vide) return null;
    var propre = CIP.storage.envelope(doc.format, doc.cle, String(doc.version || ""),
                                      verdict.valeurs);
    if (typeof doc.enregistre_le === "string") propre.enregistre_le = doc.enregistre_le.slice(0, 40);
    EXTRAS.forEach(function (k) {
      if (typeof doc[k] === "string") propre[k] = doc[k].slice(0, 200);
      else if (k === "rempli_par" && objet(doc[k])) {
        propre[k] = {nom: String(doc[k].nom || "").slice(0, 100),
                     role: String(doc[k].role || "").slice(0, 40)};
      }
    });
    return propre;
  }

  dossier.feuilles = function () {
    var trouvees = [], vues = {};
    cles().sort().forEach(function (k) {
      var m = CLE.exec(k) || ANCIENNE.exec(k);
      if (!m) return;
      var lu = CIP.storage.readJSON(k), f = lu.ok ? feuille(lu.value) : null;
      if (!f) return;
      var id = f.format + "\u0000" + f.cle + "\u0000" + f.version;
      if (vues[id]) return; // l'ancienne clé d'une grille déjà enregistrée sous la nouvelle
      vues[id] = true;
      trouvees.push(f);
    });
    return trouvees;
  };

  dossier.construire = function () {
    var p = CIP.profil ? CIP.profil.lire() : {nom: "", role: "", promotion: ""};
    return {format: dossier.FORMAT, version_format: dossier.VERSION_FORMAT,
            exporte_le: new Date().toISOString(), personne: p, feuilles: dossier.feuilles()};
  };

  dossier.exporter = function () {
    var doc = dossier.construire();
    var nom = CIP.profil ? CIP.profil.nomFichier("mon-dossier", doc.personne.nom) :
      "mon-dossier.json";
    return CIP.files.downloadJSON(doc, nom);
  };

  dossier.verifier = function (doc) {
    if (!objet(doc) || doc.format !== dossier.FORMAT) {
      return {ok: false, message: "Import impossible : ce fichier n'est pas un « Mon dossier »."};
    }
    if (doc.version_format !== dossier.VERSION_FORMAT) {
      return {ok: false, message: "Import impossible : ce dossier a été fait par une autre " +
        "version du site (format " + String(doc.version_format) + ")."};
    }
    if (!Array.isArray(doc.feuilles)) {
      return {ok: false, message: "Import impossible : ce dossier ne contient pas de feuilles."};
    }
    return {ok: true, feuilles: doc.feuilles.map(feuille).filter(Boolean)};
  };

  function nomFeuille(f) {
    return f.titre ? f.titre.replace(/ - .*$/, "") : f.cle;
  }

  function quand(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? "date inconnue" : d.toLocaleString("fr-FR");
  }

  dossier.importer = function (doc, confirmer) {
    var v = dossier.verifier(doc);
    if (!v.ok) return {message: v.message};
    var res = {importees: 0, gardees: 0, identiques: 0};
    v.feuilles.forEach(function (f) {
      var cle = CIP.storage.prefix(SITE, f.version) + FORMATS[f.format] + ":" + f.cle;
      var lu = CIP.storage.readJSON(cle), avant = lu.ok && objet(lu.value) ? feuille(lu.value) : null;
      if (avant && JSON.stringify(avant.valeurs) === JSON.stringify(f.valeurs)) {
        res.identiques += 1;
        return;
      }
      if (avant && !confirmer("« " + nomFeuille(f) + " » : remplacer les réponses de ce " +
          "navigateur (enregistrées le " + quand(avant.enregistre_le) + ") par celles du dossier " +
          "(enregistrées le " + quand(f.enregistre_le) + ") ?")) {
        res.gardees += 1;
        return;
      }
      if (CIP.storage.writeJSON(cle, f)) res.gardees += 1;
      else res.importees += 1;
    });
    res.message = CIP.pluriel(res.importees, "feuille importée", "feuilles importées") +
      (res.gardees ? ", " + CIP.pluriel(res.gardees, "feuille gardée telle quelle",
        "feuilles gardées telles quelles") : "") +
      (res.identiques ? ", " + CIP.pluriel(res.identiques, "feuille déjà identique",
        "feuilles déjà identiques") : "") + ".";
    return res;
  };

  function brancher(zone) {
    var etat = zone.querySelector("[role=status]");
    var entree = zone.querySelector("input[type=file]");
    if (CIP.profil) CIP.profil.panneau(zone.firstElementChild);
    zone.querySelector("[data-dossier=exporter]").addEventListener("click", function () {
      var n = dossier.feuilles().length;
      var nom = dossier.exporter();
      CIP.announce(etat, CIP.pluriel(n, "feuille") + " exportée" + (n > 1 ? "s" : "") +
        " dans le fichier « " + nom + " ».");
    });
    entree.addEventListener("change", function () {
      if (!entree.files.length) return;
      CIP.files.readJSON(entree.files[0]).then(function (lu) {
        entree.value = "";
        if (lu.error) return CIP.announce(etat, "Import impossible : " + lu.error);
        var res = dossier.importer(lu.data, function (q) { return window.confirm(q); });
        CIP.announce(etat, res.message);
      });
    });
  }

  CIP.dossier = dossier;

  CIP.ready(function () {
    var zone = document.getElementById("mon-dossier-actions");
    if (zone) brancher(zone);
  });
})(window.CIP = window.CIP || {});

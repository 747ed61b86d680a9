/* CIP.storage : ce que l'utilisateur saisit reste dans ce navigateur (localStorage), sans compte
   ni envoi. Toutes les pages ouvertes depuis file:// partagent un seul localStorage : chaque
   clé est préfixée par le site et la version du référentiel. Aucune fonction ne lève
   d'exception : un échec revient sous forme de message en français.

   API
   CIP.storage.prefix(site, version)       « referentiel-cip:v2023: », préfixe des clés.
   CIP.storage.read(cle)                   {ok: true, value: texte|null} ou {ok: false, message}.
   CIP.storage.write(cle, texte)           null si enregistré, sinon un message (espace plein,
                                           stockage interdit…).
   CIP.storage.remove(cle)                 null ou un message.
   CIP.storage.readJSON(cle)               {ok: true, value: objet|null, text: le texte lu} ou
                                           {ok: false, message}.
   CIP.storage.writeJSON(cle, objet)       comme write.
   CIP.storage.envelope(format, cle, version, valeurs[, extras])
                                           {format, cle, version, enregistre_le, valeurs, …extras} :
                                           l'enveloppe d'un enregistrement et d'un export.
   CIP.storage.check(doc, attendu[, nom])  contrôle une enveloppe lue (fichier importé ou copie
                                           enregistrée) contre attendu = {format, cle, version} :
                                           {ok: false, message} si elle est refusée ;
                                           {ok: true, valeurs, vide, avertissement} sinon, où
                                           avertissement (ou null) est à faire confirmer avant
                                           de remplacer des réponses (autre version, fichier vide).
   Les valeurs admises sont des chaînes et des booléens (cases cochées). */
(function (CIP) {
  "use strict";

  function quota(e) {
    return e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
                 e.code === 22 || e.code === 1014);
  }

  function failure(e, action) {
    if (quota(e)) {
      return "Enregistrement impossible : l'espace de ce navigateur réservé au site est plein. " +
        "Exportez vos réponses dans un fichier pour les garder.";
    }
    return action + " impossible dans ce navigateur (stockage désactivé ou navigation privée). " +
      "Exportez vos réponses dans un fichier pour les garder.";
  }

  function store() {
    return window.localStorage; // peut lever une exception (stockage interdit)
  }

  var storage = {};

  storage.prefix = function (site, version) {
    return String(site) + ":v" + String(version || "?") + ":";
  };

  storage.read = function (cle) {
    try {
      return {ok: true, value: store().getItem(cle)};
    } catch (e) {
      return {ok: false, message: failure(e, "Lecture des réponses enregistrées")};
    }
  };

  storage.write = function (cle, texte) {
    try {
      store().setItem(cle, texte);
      return null;
    } catch (e) {
      return failure(e, "Enregistrement");
    }
  };

  storage.remove = function (cle) {
    try {
      store().removeItem(cle);
      return null;
    } catch (e) {
      return failure(e, "Effacement");
    }
  };

  storage.readJSON = function (cle) {
    var lu = storage.read(cle);
    if (!lu.ok || lu.value === null) return lu;
    try {
      return {ok: true, value: JSON.parse(lu.value), text: lu.value};
    } catch (e) {
      return {ok: false, message: "Les réponses enregistrées sont illisibles : elles ont été ignorées."};
    }
  };

  storage.writeJSON = function (cle, objet) {
    var texte;
    try {
      texte = JSON.stringify(objet);
    } catch (e) {
      return "Enregistrement impossible : ces réponses ne peuvent pas être mises en forme.";
    }
    return storage.write(cle, texte);
  };

  storage.envelope = function (format, cle, version, valeurs, extras) {
    var doc = {format: format, cle: cle, version: version,
               enregistre_le: new Date().toISOString(), valeurs: valeurs};
    Object.keys(extras || {}).forEach(function (k) {
      if (!Object.prototype.hasOwnProperty.call(doc, k)) doc[k] = extras[k];
    });
    return doc;
  };

  function plainObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function cleanValues(valeurs) {
    var propres = {};
    Object.keys(valeurs).forEach(function (k) {
      var v = valeurs[k];
      if (typeof v === "string" || typeof v === "boolean") propres[k] = v;
    });
    return propres;
  }

  /* Le même type d'export (« …/grille ») sous le préfixe d'un autre référentiel
     (« referentiel-cip/grille » lu par le site de « referentiel-cap-aepe »). */
  function autreSite(format, attendu) {
    var forme = /^(referentiel(?:-[a-z0-9-]+)?)\/([a-z-]+)$/;
    var a = forme.exec(typeof format === "string" ? format : "");
    var b = forme.exec(typeof attendu === "string" ? attendu : "");
    return !!a && !!b && a[2] === b[2] && a[1] !== b[1];
  }

  storage.check = function (doc, attendu, nom) {
    var quoi = nom ? "« " + nom + " »" : "ce fichier";
    if (plainObject(doc) && autreSite(doc.format, attendu.format)) {
      return {ok: false, message: "Import impossible : " + quoi + " a été rempli sur le site " +
        "d'un autre référentiel (une autre certification). Ouvrez-le sur ce site-là : les " +
        "réponses de deux référentiels ne se mélangent pas."};
    }
    if (!plainObject(doc) || doc.format !== attendu.format) {
      return {ok: false, message: "Import impossible : " + quoi +
        " n'est pas un export de réponses de cette page."};
    }
    var cle = typeof doc.cle === "string" ? doc.cle : doc.grille; // anciens exports : « grille »
    if (attendu.cle !== undefined && cle !== attendu.cle) {
      return {ok: false, message: "Import impossible : ce fichier contient les réponses d'une " +
        "autre grille (« " + String(cle) + " »)."};
    }
    if (!plainObject(doc.valeurs)) {
      return {ok: false, message: "Import impossible : " + quoi +
        " ne contient pas de réponses lisibles."};
    }
    var valeurs = cleanValues(doc.valeurs);
    var vide = Object.keys(valeurs).length === 0;
    var avertissement = null;
    if (attendu.version !== undefined && String(doc.version) !== String(attendu.version)) {
      avertissement = "Ce fichier a été rempli avec une autre version du référentiel (« " +
        String(doc.version === undefined ? "inconnue" : doc.version) + " » ; cette page : « " +
        attendu.version + " ») : certains critères peuvent avoir changé.";
    }
    if (vide) {
      avertissement = (avertissement ? avertissement + " " : "") +
        "Ce fichier ne contient aucune réponse.";
    }
    return {ok: true, valeurs: valeurs, vide: vide, avertissement: avertissement};
  };

  CIP.storage = storage;
})(window.CIP = window.CIP || {});

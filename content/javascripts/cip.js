/* Espace de noms commun des pages du référentiel (scripts classiques : les modules et fetch()
   ne marchent pas depuis file://). Chaque fichier cip-*.js ajoute un objet à window.CIP.
   Ordre de chargement (generator/assemblage.py, qui les assemble en un seul script,
   javascripts/cip-site.js, pour chaque page) : cip.js, cip-storage.js, cip-files.js,
   cip-form.js, cip-collection.js, puis les scripts propres à une page (grilles.js…).

   API
   CIP.ready(fn)                    appelle fn quand le DOM est prêt (tout de suite s'il l'est).
   CIP.announce(zone, texte)        écrit texte dans une zone role=status / aria-live (élément ou
                                    sélecteur) ; le même texte deux fois est bien relu.
   CIP.pluriel(n, mot[, pluriel])   « 1 critère », « 3 critères ».
   CIP.panne(zone[, detail])        annonce, en tête de zone (élément de saisie), que la page n'a
                                    pas pu démarrer et que rien n'est enregistré (bandeau
                                    role=alert, une seule fois par zone).
   Toute zone de saisie porte data-cip-saisie ; son script y pose data-cip-pret quand les
   réponses sont enregistrées. Au chargement complet de la page (ou à la première erreur d'un
   script), une zone sans data-cip-pret reçoit le bandeau : une page dont le script a échoué le
   dit au lieu de ne rien enregistrer en silence.
   CIP.element(tag, attrs, enfants) un élément : attrs.text → textContent (jamais du HTML),
                                    attrs.className → class, les autres en attributs ;
                                    enfants (null ignorés) ajoutés dans l'ordre.
   CIP.site                         le référentiel de ce site, écrit dans la page par la
                                    construction (<meta name="cip-referentiel">) : {id, espace
                                    (« referentiel-cip », préfixe des clés de stockage et des
                                    formats exportés), sigle, mots: {apprenant, apprenants,
                                    partie, parties, evaluateur_final}, dossier_professionnel :
                                    vrai si le site en a un}. Deux référentiels servis
                                    depuis la même origine ne mêlent jamais leurs réponses.
   CIP.format(type)                 « referentiel-cip/grille » : le format d'un export de ce site.
   CIP.majuscule(texte)             le texte avec une majuscule (« Stagiaire »).
   CIP.texte(v, max)                un texte lu dans un fichier, sur une ligne : caractères de
                                    contrôle et blancs répétés réduits à une espace, coupé à
                                    max caractères (« … ») ; "" si v n'est pas un texte.
   CIP.objet(v)                     vrai pour un objet JSON (ni null ni tableau).
   CIP.accord(masculin, feminin)    le mot accordé au genre de l'apprenant du référentiel.
   CIP.autreReferentiel(format, type)  vrai si format est celui d'un export de ce type venu du
                                    site d'un autre référentiel (« referentiel-x/grille »).
   CIP.referentiel.charger(donnees) appelé par le script généré exports/referentiel-cip.js
                                    (libellés du référentiel, voir generator/export/script.py).
   CIP.referentiel.donnees          ces données, ou null tant qu'il n'est pas chargé.
   CIP.referentiel.quandCharge(fn)  fn(donnees) dès que le référentiel est chargé.
   CIP.referentiel.competence(id), .critere(id), .grille(cle)   recherches par id (ou null).
   Le script généré peut être chargé avant ou après cip.js : il dépose ses données dans
   CIP.referentielEnAttente si charger n'existe pas encore. */
(function (CIP) {
  "use strict";

  CIP.ready = function (fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  };

  CIP.announce = function (zone, texte) {
    var el = typeof zone === "string" ? document.querySelector(zone) : zone;
    if (!el) return;
    if (el.textContent === texte) el.textContent = "";
    el.textContent = texte;
  };

  CIP.pluriel = function (n, mot, pluriel) {
    return n + " " + (n > 1 ? (pluriel || mot + "s") : mot);
  };

  var PANNE = "Cette page n'a pas pu démarrer : vos réponses ne sont pas enregistrées.";
  var CONSEIL = "Rechargez la page. Si ce message reste, ne saisissez rien ici : copiez ailleurs " +
    "ce que vous avez écrit et signalez le problème à votre formateur.";

  CIP.panne = function (zone, detail) {
    if (!zone || !zone.parentNode || zone.dataset.cipPanne) return;
    zone.dataset.cipPanne = "1";
    var bandeau = document.createElement("div");
    bandeau.className = "cip-panne";
    bandeau.setAttribute("role", "alert");
    var titre = document.createElement("p");
    titre.className = "cip-panne-titre";
    titre.textContent = PANNE;
    bandeau.appendChild(titre);
    var conseil = document.createElement("p");
    conseil.textContent = (detail ? detail + " " : "") + CONSEIL;
    bandeau.appendChild(conseil);
    zone.parentNode.insertBefore(bandeau, zone);
  };

  function verifierDemarrage() {
    document.querySelectorAll("[data-cip-saisie]").forEach(function (zone) {
      if (!zone.hasAttribute("data-cip-pret")) CIP.panne(zone);
    });
  }

  window.addEventListener("load", verifierDemarrage);
  window.addEventListener("error", function () {
    // après les autres scripts de DOMContentLoaded : une erreur ailleurs n'empêche pas le leur
    if (document.readyState !== "loading") setTimeout(verifierDemarrage, 0);
  });

  CIP.element = function (tag, attrs, enfants) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "className") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (enfants || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  };

  /* Sans la donnée de la page (une page de test, un gabarit modifié), des mots neutres et un
     espace à part : jamais les réponses d'un autre référentiel. */
  function lireSite() {
    var meta = document.querySelector('meta[name="cip-referentiel"]'), lu = null;
    try { lu = meta ? JSON.parse(meta.getAttribute("content")) : null; } catch (e) { lu = null; }
    var neutre = {apprenant: "apprenant", apprenants: "apprenants", le_apprenant: "l'apprenant",
                  du_apprenant: "de l'apprenant",
                  partie: "partie", parties: "parties", evaluateur_final: null};
    if (!lu || typeof lu.espace !== "string" || !/^referentiel(-[a-z0-9-]+)?$/.test(lu.espace)) {
      return {id: "", espace: "referentiel", sigle: "", mots: neutre,
              dossier_professionnel: false};
    }
    var mots = {};
    Object.keys(neutre).forEach(function (k) {
      mots[k] = lu.mots && typeof lu.mots[k] === "string" ? lu.mots[k] : neutre[k];
    });
    mots.apprenant_feminin = !!(lu.mots && lu.mots.apprenant_feminin === true);
    return {id: String(lu.id || ""), espace: lu.espace, sigle: String(lu.sigle || ""),
            mots: mots, dossier_professionnel: lu.dossier_professionnel === true};
  }

  CIP.site = lireSite();

  /* « Stagiaire », « Candidate » : un mot du référentiel avec sa majuscule. */
  CIP.majuscule = function (texte) { return texte.charAt(0).toUpperCase() + texte.slice(1); };

  CIP.texte = function (v, max) {
    if (typeof v !== "string") return "";
    var t = v.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
    return t.length > max ? t.slice(0, max - 1) + "…" : t;
  };

  CIP.objet = function (v) { return v !== null && typeof v === "object" && !Array.isArray(v); };

  /* « un seul stagiaire », « une seule candidate » : accord avec le genre de l'apprenant. */
  CIP.accord = function (masculin, feminin) {
    return CIP.site.mots.apprenant_feminin ? feminin : masculin;
  };

  CIP.format = function (type) { return CIP.site.espace + "/" + type; };

  CIP.autreReferentiel = function (format, type) {
    var m = /^(referentiel(?:-[a-z0-9-]+)?)\/([a-z-]+)$/.exec(typeof format === "string" ? format : "");
    return !!m && m[2] === type && m[1] !== CIP.site.espace;
  };

  var attente = [];
  var index = {competences: {}, criteres: {}, grilles: {}};

  function indexer(donnees) {
    index = {competences: {}, criteres: {}, grilles: {}};
    (donnees.competences || []).forEach(function (c) {
      index.competences[c.id] = c;
      (c.criteres || []).forEach(function (cr) { index.criteres[cr.id] = cr; });
    });
    (donnees.grilles || []).forEach(function (g) { index.grilles[g.cle] = g; });
  }

  CIP.referentiel = {
    donnees: null,
    charger: function (donnees) {
      CIP.referentiel.donnees = donnees;
      indexer(donnees);
      attente.splice(0).forEach(function (fn) { fn(donnees); });
    },
    quandCharge: function (fn) {
      if (CIP.referentiel.donnees) fn(CIP.referentiel.donnees);
      else attente.push(fn);
    },
    competence: function (id) { return index.competences[id] || null; },
    critere: function (id) { return index.criteres[id] || null; },
    grille: function (cle) { return index.grilles[cle] || null; }
  };

  if (CIP.referentielEnAttente) {
    CIP.referentiel.charger(CIP.referentielEnAttente);
    delete CIP.referentielEnAttente;
  }
})(window.CIP = window.CIP || {});

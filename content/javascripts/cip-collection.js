/* CIP.collection : une collection d'exports (l'équipe du « Suivi de l'équipe », la promotion du
   « Suivi de la promotion ») enregistrée dans ce navigateur par CIP.storage. Plusieurs y sont
   gardées sous leur nom ; celle qui est ouverte est enregistrée à chaque changement et rouverte
   à la visite suivante ; on en ouvre une autre, on la renomme (sans en remplacer une autre sans
   le demander), on l'efface (après confirmation). Les fichiers se choisissent ou se lâchent
   n'importe où sur la page ; exports CSV et JSON. La page garde ses calculs et son affichage :
   le module n'appelle que ce qu'elle lui passe. Aucune de ses fonctions ne lève d'exception
   (hors celles de la page) : un échec d'enregistrement est annoncé et renvoyé en français.
   Repose sur CIP.storage et CIP.files (cip-storage.js, cip-files.js, chargés avant).

   API
   CIP.collection.attach(options)     branche la collection d'une page ; renvoie son contrôleur.
     options :
       type        « equipe » : clés <CIP.site.espace>:<type>:<nom> (chaque collection),
                   <espace>:<type>s (la liste des noms), <espace>:<type>-ouverte (la dernière
                   ouverte) ; fichiers exportés « <type>-<nom>.csv » et « .json ».
       mots        {nom: "équipe", le: "l'équipe", un: "une équipe"} : un nom féminin (les
                   messages disent « effacée », « enregistrée », « celle-ci »). Collection
                   neuve ou effacée : le nom avec sa majuscule (« Équipe »).
       creer(nom)            une collection vide ({nom, …}, le nom mis en forme par la page).
       enJSON(x)             ce qui est enregistré, et exporté en JSON.
       lire(x, doc)          ajoute à x la copie enregistrée doc.
       afficher(x)           x est désormais la collection ouverte : la page la dessine.
       dire(texte)           annonce un message (zone d'état de la page).
       choix       <select> des collections enregistrées : une option par nom ; le choix ouvre.
       champ       champ du nom de la collection ouverte : le changer la renomme.
       entree, depot, charger(fichiers)   <input type=file> et zone de dépôt : les fichiers
                   choisis, ou lâchés n'importe où sur la page (sinon le navigateur les
                   ouvrirait à sa place), sont passés en tableau à charger, qui renvoie une
                   Promise ; l'entrée est vidée ensuite. Pendant un survol, depot porte la
                   classe promo-survol.
       boutons, attribut, lignesCSV()   les boutons d'action de la page : dans boutons,
                   un clic sur data-<attribut>="csv" exporte lignesCSV() (exporterCSV),
                   "json" exporte la collection, "imprimer" imprime, "effacer" efface.
       refus(nom, doc)       facultatif, avant d'ouvrir une copie enregistrée : null pour
                   l'ouvrir, ou {nom, message} pour ouvrir à la place une collection vide de ce
                   nom (rien n'est écrit) en annonçant message.
       autresOnglets         vrai : la collection ouverte, enregistrée par un autre onglet, est
                   relue (rien n'est perdu : chaque changement est enregistré aussitôt).
     contrôleur :
       actuelle()            la collection ouverte (null avant la première).
       noms()                les noms enregistrés, dans l'ordre où ils l'ont été.
       ouvrir(nom)           ouvre la copie enregistrée sous ce nom (vide s'il n'y en a pas) et
                             s'en souvient pour la prochaine visite.
       rouvrir()             ouvre la dernière ouverte, ou une neuve.
       enregistrer()         null, ou le message d'échec (déjà annoncé, « l'équipe » à la place
                             de « vos réponses »).
       aJour()               avant d'ajouter à l'ouverte : si un autre onglet l'a enregistrée
                             depuis (son événement « storage » peut arriver après), elle est
                             relue d'abord, pour que l'ajout ne remplace pas le sien.
       renommer(nom)         espaces réduits ; un nom déjà enregistré n'est remplacé qu'après
                             confirm() ; refusé, vide ou inchangé : le champ reprend l'ancien nom.
       effacer()             après confirm(), retire l'ouverte de ce navigateur et en ouvre une
                             neuve ; sinon « Rien n'a été effacé. ».
       bilan(res, erreur)    « 2 exports ajoutés, 1 fichier écarté (voir « Fichiers » plus
                             bas). » pour res = {ajoutes, rejetes}, suivi de l'échec erreur.
       exporterCSV(lignes)   télécharge lignes (CIP.files.toCSV) et l'annonce.
       exporterJSON()        télécharge enJSON(actuelle()) et l'annonce.
   CIP.collection.page(id, demarrer[, attente])
                                      la page d'une collection, quand le DOM est prêt et
     seulement si elle contient #id (racine) : racine porte data-cip-saisie (sans démarrage,
     le bandeau d'échec de CIP.panne, cip.js) ; tant que les libellés du référentiel manquent
     (il les faut pour relire une collection enregistrée), data-etat="attente" et attente().
     Ensuite chaque [data-table] de racine reçoit son <table> (id : data-table, classe :
     data-classe), demarrer(racine, donnees) renvoie le contrôleur (attach) dont la dernière
     collection ouverte est rouverte ; enfin racine porte data-etat="pret" et data-cip-pret. */
(function (CIP) {
  "use strict";

  var collection = {};

  collection.attach = function (o) {
    var base = CIP.site.espace + ":" + o.type;
    var CLE = base + ":", LISTE = base + "s", OUVERTE = base + "-ouverte";
    var Nom = CIP.majuscule(o.mots.nom), actuelle = null;
    var c = {};

    function dire(texte) { if (o.dire) o.dire(texte); }
    function pour(erreur) { return erreur.replace("vos réponses", o.mots.le); }
    function sauf(nom) { return c.noms().filter(function (n) { return n !== nom; }); }
    function remettre(nom) { if (o.champ) o.champ.value = nom; }

    function rendreListe() {
      if (!o.choix) return;
      o.choix.textContent = "";
      c.noms().forEach(function (n) { o.choix.appendChild(CIP.element("option", {value: n, text: n})); });
      o.choix.value = actuelle ? actuelle.nom : "";
    }

    function montrer(x) {
      actuelle = x;
      rendreListe();
      o.afficher(x);
    }

    function nomFichier(ext) {
      return o.type + "-" + actuelle.nom.replace(/[^\w\u00c0-\u017f-]+/g, "-") + ext;
    }

    c.actuelle = function () { return actuelle; };

    /* Le texte enregistré de l'ouverte (null : aucun, ou illisible), et ce qu'il était quand
       cet onglet l'a lu ou écrit pour la dernière fois (aJour). */
    var vu = null;
    function enregistree() {
      var lu = actuelle ? CIP.storage.read(CLE + actuelle.nom) : {ok: false};
      return lu.ok ? lu.value : vu;
    }

    c.noms = function () {
      var lu = CIP.storage.readJSON(LISTE);
      if (!lu.ok || !Array.isArray(lu.value)) return [];
      return lu.value.filter(function (n) { return typeof n === "string"; });
    };

    c.ouvrir = function (nom) {
      var x = o.creer(nom), lu = CIP.storage.readJSON(CLE + x.nom);
      var autre = lu.ok && lu.value && o.refus ? o.refus(x.nom, lu.value) : null;
      if (autre) {
        montrer(o.creer(autre.nom)); // rien n'écrase la collection non ouverte
        vu = enregistree();
        dire(autre.message);
        return;
      }
      if (!lu.ok) dire(lu.message);
      else if (lu.value) o.lire(x, lu.value);
      CIP.storage.write(OUVERTE, x.nom);
      montrer(x);
      vu = lu.ok ? (lu.text === undefined ? null : lu.text) : enregistree();
    };

    c.rouvrir = function () {
      var derniere = CIP.storage.read(OUVERTE);
      c.ouvrir(derniere.ok && derniere.value ? derniere.value : Nom);
    };

    c.enregistrer = function () {
      if (!actuelle) return null;
      var liste = c.noms();
      if (liste.indexOf(actuelle.nom) < 0) liste.push(actuelle.nom);
      var erreur = CIP.storage.writeJSON(CLE + actuelle.nom, o.enJSON(actuelle)) ||
        CIP.storage.writeJSON(LISTE, liste) || CIP.storage.write(OUVERTE, actuelle.nom);
      vu = enregistree();
      rendreListe();
      if (erreur) dire(pour(erreur));
      return erreur;
    };

    c.aJour = function () {
      if (!actuelle || enregistree() === vu) return;
      c.ouvrir(actuelle.nom);
      dire(CIP.majuscule(o.mots.le) + " a été modifiée dans un autre onglet : elle a été relue.");
    };

    c.renommer = function (nouveau) {
      if (!actuelle) return;
      var ancien = actuelle.nom, saisi = String(nouveau).replace(/\s+/g, " ").trim();
      var nom = saisi ? o.creer(saisi).nom : ""; // le nom tel qu'il sera gardé (raccourci…)
      if (!nom || nom === ancien) { remettre(ancien); return; }
      if (c.noms().indexOf(nom) >= 0 && !window.confirm(CIP.majuscule(o.mots.un) + " « " + nom +
          " » est déjà enregistrée dans ce navigateur. La remplacer par celle-ci ?")) {
        remettre(ancien);
        return;
      }
      actuelle.nom = nom;
      if (!c.enregistrer()) {
        CIP.storage.remove(CLE + ancien);
        CIP.storage.writeJSON(LISTE, sauf(ancien));
        rendreListe();
        dire(Nom + " enregistrée sous le nom « " + actuelle.nom + " ».");
      }
    };

    c.effacer = function () {
      if (!actuelle) return;
      if (!window.confirm("Effacer " + o.mots.le + " « " + actuelle.nom + " » de ce navigateur ? " +
          "Les fichiers exportés ne sont pas touchés.")) {
        dire("Rien n'a été effacé.");
        return;
      }
      var nom = actuelle.nom;
      CIP.storage.remove(CLE + nom);
      CIP.storage.writeJSON(LISTE, sauf(nom));
      CIP.storage.remove(OUVERTE);
      montrer(o.creer(Nom));
      dire(Nom + " « " + nom + " » effacée de ce navigateur.");
    };

    c.bilan = function (res, erreur) {
      var n = res.ajoutes.length, r = res.rejetes.length;
      return CIP.pluriel(n, "export") + " ajouté" + (n > 1 ? "s" : "") +
        (r ? ", " + CIP.pluriel(r, "fichier écarté", "fichiers écartés") +
          " (voir « Fichiers » plus bas)" : "") + "." + (erreur ? " " + pour(erreur) : "");
    };

    c.exporterCSV = function (lignes) {
      var nom = nomFichier(".csv");
      CIP.files.download(CIP.files.toCSV(lignes), nom, "text/csv;charset=utf-8");
      dire("Tableau exporté dans le fichier « " + nom + " ».");
    };

    c.exporterJSON = function () {
      var nom = nomFichier(".json");
      CIP.files.downloadJSON(o.enJSON(actuelle), nom);
      dire(Nom + " exportée dans le fichier « " + nom + " » : déposez-le sur cette page pour " +
        "la retrouver.");
    };

    /* Un autre onglet a enregistré la collection ouverte : elle est relue au lieu d'être
       écrasée au prochain ajout ; effacée là-bas, la dernière ouverte est ouverte ici. */
    function autreOnglet(ev) {
      if (!actuelle || ev.key !== CLE + actuelle.nom) return;
      var ouverte = CIP.storage.read(OUVERTE);
      c.ouvrir(ev.newValue === null && ouverte.ok && ouverte.value ? ouverte.value : actuelle.nom);
      dire(CIP.majuscule(o.mots.le) + " a été modifiée dans un autre onglet : elle a été relue.");
    }

    function deposer(entree, depot) {
      if (entree) {
        entree.addEventListener("change", function () {
          if (entree.files.length) o.charger(Array.prototype.slice.call(entree.files)).then(function () {
            entree.value = "";
          });
        });
      }
      if (!depot) return;
      document.addEventListener("dragover", function (ev) {
        ev.preventDefault();
        depot.classList.add("promo-survol");
      });
      document.addEventListener("dragleave", function () { depot.classList.remove("promo-survol"); });
      document.addEventListener("drop", function (ev) {
        ev.preventDefault();
        depot.classList.remove("promo-survol");
        var liste = ev.dataTransfer && ev.dataTransfer.files;
        if (liste && liste.length) o.charger(Array.prototype.slice.call(liste));
      });
    }

    function agir(ev) {
      var bouton = ev.target.closest ? ev.target.closest("[data-" + o.attribut + "]") : null;
      if (!bouton) return;
      var quoi = bouton.getAttribute("data-" + o.attribut);
      if (quoi === "csv") c.exporterCSV(o.lignesCSV());
      else if (quoi === "json") c.exporterJSON();
      else if (quoi === "imprimer") window.print();
      else if (quoi === "effacer") c.effacer();
    }

    if (o.charger) deposer(o.entree, o.depot);
    if (o.boutons) o.boutons.addEventListener("click", agir);
    if (o.champ) o.champ.addEventListener("change", function (ev) { c.renommer(ev.target.value); });
    if (o.choix) o.choix.addEventListener("change", function (ev) { c.ouvrir(ev.target.value); });
    if (o.autresOnglets) window.addEventListener("storage", autreOnglet);
    return c;
  };

  collection.page = function (id, demarrer, attente) {
    CIP.ready(function () {
      var racine = document.getElementById(id);
      if (!racine) return;
      racine.setAttribute("data-cip-saisie", "");
      if (!CIP.referentiel.donnees) {
        racine.dataset.etat = "attente";
        if (attente) attente();
      }
      CIP.referentiel.quandCharge(function (donnees) {
        racine.querySelectorAll("[data-table]").forEach(function (cadre) {
          if (!document.getElementById(cadre.dataset.table)) {
            cadre.appendChild(CIP.element("table", {id: cadre.dataset.table,
                                                    className: cadre.dataset.classe}));
          }
        });
        demarrer(racine, donnees).rouvrir();
        racine.dataset.etat = "pret";
        racine.setAttribute("data-cip-pret", "");
      });
    });
  };

  CIP.collection = collection;
})(window.CIP = window.CIP || {});

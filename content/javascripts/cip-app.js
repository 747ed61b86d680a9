/* CIP.app : le site publié sur un hébergeur devient une application hors ligne. Le service
   worker (sw.js, écrit par la construction) garde les pages de cette version du site ; il
   n'est jamais enregistré depuis le disque (file://) ni sans service worker.

   API
   CIP.app.actif                    true quand la page est servie par le service worker.
   CIP.app.inscription              Promise de l'inscription (ou de null : disque, refus…).
   CIP.app.taille(octets)           « 1,2 Mo », « 340 ko ».
   CIP.app.demander(message)        Promise de la réponse du service worker actif (ou null).

   Ce que voit l'utilisateur :
   - « Une nouvelle version du référentiel est disponible — Recharger » quand une nouvelle
     construction est publiée : elle ne remplace l'ancienne qu'au clic (jamais un mélange des
     pages des deux versions) ; les réponses saisies restent dans le navigateur.
   - « Garder les grilles hors ligne » sur une page qui lie plusieurs grilles PDF (une CCP, la
     page des grilles) : leur nombre et leur taille sont dits avant le téléchargement.
   - Sur la page hors-ligne.html : l'adresse de la page qui n'a pas pu être ouverte. */
(function (CIP) {
  "use strict";

  var app = {actif: false};
  var racine = document.currentScript ? new URL("../", document.currentScript.src) : null;

  app.taille = function (octets) {
    return octets >= 1024 * 1024 ? (octets / (1024 * 1024)).toFixed(1).replace(".", ",") + " Mo"
      : Math.max(1, Math.ceil(octets / 1024)) + " ko";
  };

  function possible() {
    return racine && "serviceWorker" in navigator &&
      (location.protocol === "https:" || location.protocol === "http:");
  }

  app.demander = function (message) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!sw) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var canal = new MessageChannel();
      canal.port1.onmessage = function (e) { resolve(e.data); };
      sw.postMessage(message, [canal.port2]);
    });
  };

  /* -- mise à jour ------------------------------------------------------------------------ */

  var bandeau = null;

  function annoncer(texte, action) {
    if (!bandeau) {
      bandeau = document.createElement("div");
      bandeau.className = "cip-app-bandeau";
      bandeau.setAttribute("role", "status");
      document.body.appendChild(bandeau);
    }
    bandeau.textContent = "";
    var p = document.createElement("p");
    p.textContent = texte;
    bandeau.appendChild(p);
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "md-button md-button--primary";
    bouton.textContent = "Recharger";
    bouton.addEventListener("click", action);
    bandeau.appendChild(bouton);
  }

  var rechargement = false;

  function proposer(attente) {
    annoncer("Une nouvelle version du référentiel est disponible — ", function () {
      rechargement = true;
      attente.postMessage({type: "activer"});
    });
  }

  function surveiller(inscription) {
    if (inscription.waiting && navigator.serviceWorker.controller) proposer(inscription.waiting);
    inscription.addEventListener("updatefound", function () {
      var nouveau = inscription.installing;
      if (!nouveau) return;
      nouveau.addEventListener("statechange", function () {
        if (nouveau.state === "installed" && navigator.serviceWorker.controller) {
          proposer(nouveau);
        }
      });
    });
    window.addEventListener("online", function () { inscription.update().catch(function () {}); });
  }

  function inscrire() {
    if (!possible()) return Promise.resolve(null);
    app.actif = !!navigator.serviceWorker.controller;
    var avant = navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (rechargement) {
        location.reload();
      } else if (avant) {
        // Un autre onglet a chargé la nouvelle version : celui-ci la charge quand on veut.
        annoncer("Le référentiel a été mis à jour dans un autre onglet — ", function () {
          location.reload();
        });
      }
      app.actif = true;
    });
    return navigator.serviceWorker.register(new URL("sw.js", racine).href,
                                            {scope: racine.href, updateViaCache: "none"})
      .then(function (inscription) {
        surveiller(inscription);
        return inscription;
      }, function () { return null; });
  }

  /* -- grilles gardées hors ligne ---------------------------------------------------------- */

  function liensPdf() {
    var vus = {};
    var chemins = [];
    document.querySelectorAll(".md-content a[href$='.pdf']").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      var rel = decodeURIComponent(url.pathname.slice(racine.pathname.length));
      if (!vus[rel] && url.href.indexOf(racine.href) === 0) {
        vus[rel] = true;
        chemins.push(rel);
      }
    });
    return chemins;
  }

  function etat(zone, bouton, r) {
    var reste = r.nombre - r.gardes;
    if (reste === 0) {
      bouton.hidden = true;
      zone.textContent = "Les " + CIP.pluriel(r.nombre, "grille") + " PDF de cette page " +
        "sont gardées sur cet appareil : elles s'ouvrent sans réseau.";
    } else {
      bouton.hidden = false;
      bouton.textContent = "Garder les grilles hors ligne (" + CIP.pluriel(reste, "grille") +
        " PDF, " + app.taille(r.octets) + ")";
      zone.textContent = "Téléchargement de " + app.taille(r.octets) + " : à faire avec du " +
        "réseau, de préférence en wifi.";
    }
  }

  function grilles() {
    var chemins = liensPdf();
    var article = document.querySelector(".md-content article");
    if (chemins.length < 2 || !article) return;
    app.demander({type: "tailles", chemins: chemins}).then(function (r) {
      if (!r || !r.nombre) return;
      var bloc = document.createElement("div");
      bloc.className = "cip-app-garder";
      var bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "md-button";
      var zone = document.createElement("p");
      zone.setAttribute("role", "status");
      bloc.appendChild(bouton);
      bloc.appendChild(zone);
      var titre = article.querySelector("h1");
      article.insertBefore(bloc, titre ? titre.nextSibling : article.firstChild);
      etat(zone, bouton, r);
      bouton.addEventListener("click", function () {
        bouton.disabled = true;
        CIP.announce(zone, "Téléchargement des grilles en cours…");
        app.demander({type: "garder", chemins: chemins}).then(function (fait) {
          bouton.disabled = false;
          if (!fait || !fait.ok) {
            CIP.announce(zone, fait ? fait.message : "Téléchargement impossible.");
            return;
          }
          app.demander({type: "tailles", chemins: chemins}).then(function (apres) {
            etat(zone, bouton, apres);
          });
        });
      });
    });
  }

  /* -- page « hors ligne » ------------------------------------------------------------------ */

  function pageHorsLigne() {
    var zone = document.querySelector("[data-cip-hors-ligne]");
    var demande = new URLSearchParams(location.search).get("page");
    if (!zone || !demande || !racine) return;
    var lien = document.createElement("a");
    lien.href = new URL(demande, racine).href;
    lien.textContent = "Réessayer d'ouvrir « " + demande + " »";
    zone.textContent = "";
    zone.appendChild(lien);
  }

  app.inscription = inscrire();
  CIP.ready(function () {
    pageHorsLigne();
    if (app.actif) grilles();
  });
  CIP.app = app;
})(window.CIP = window.CIP || {});

/* Service worker du référentiel : le site reste lisible sans réseau après une visite.
   La construction écrit en tête de ce fichier self.CIP_BUILD = {version, offline, files:
   {precache: {chemin: [sha256, octets]}, later: {…}}} (generator/app.py).

   - Un cache par construction (« cip:<portée>:<version> ») : les pages d'une construction ne
     se mélangent jamais à celles d'une autre. Une nouvelle version s'installe à côté, attend,
     et ne remplace l'ancienne que lorsque la page le demande (bouton « Recharger »).
   - Installation : chaque fichier de la liste est repris du cache précédent si son empreinte
     n'a pas changé, sinon téléchargé et vérifié (intégrité sha256) : un site à moitié
     publié fait échouer l'installation, l'ancienne version reste en place.
   - Les PDF et archives (« later ») sont gardés à la première ouverture, ou tous ceux d'une
     CCP à la demande (message « garder »).
   - Hors ligne, une page absente mène à la page « hors-ligne.html », en français.
   Jamais enregistré depuis file:// (voir cip-app.js). */
"use strict";

var BUILD = self.CIP_BUILD;
var SCOPE = self.registration.scope;
var PREFIX = "cip:" + new URL(SCOPE).pathname + ":";
var CACHE = PREFIX + BUILD.version;
var LISTE = "__liste-construction.json";

function adresse(chemin) {
  return new URL(chemin, SCOPE).href;
}

function chemin(url) {
  var u = new URL(url);
  if (u.origin !== new URL(SCOPE).origin || u.href.indexOf(SCOPE) !== 0) return null;
  var rel;
  try {
    rel = decodeURIComponent(u.pathname.slice(new URL(SCOPE).pathname.length));
  } catch (e) {
    return null; // adresse mal encodée : laissée au réseau
  }
  if (rel === "" || rel.slice(-1) === "/") rel += "index.html";
  return rel;
}

function telecharger(cache, rel, hash) {
  return fetch(adresse(rel), {cache: "no-cache", credentials: "same-origin",
                              integrity: "sha256-" + hash}).then(function (reponse) {
    if (!reponse.ok) throw new Error(rel + " : " + reponse.status);
    return cache.put(adresse(rel), reponse);
  });
}

/* Les caches des constructions précédentes de ce site : [{cache, empreintes}]. */
function precedents() {
  return caches.keys().then(function (noms) {
    return Promise.all(noms.filter(function (nom) {
      return nom.indexOf(PREFIX) === 0 && nom !== CACHE;
    }).map(function (nom) {
      return caches.open(nom).then(function (cache) {
        return cache.match(adresse(LISTE)).then(function (r) { return r ? r.json() : {}; })
          .then(function (empreintes) { return {cache: cache, empreintes: empreintes}; });
      });
    }));
  });
}

function reprendre(cache, anciens, rel, hash) {
  var source = anciens.filter(function (a) { return a.empreintes[rel] === hash; })[0];
  if (!source) return Promise.resolve(false);
  return source.cache.match(adresse(rel)).then(function (reponse) {
    if (!reponse) return false;
    return cache.put(adresse(rel), reponse).then(function () { return true; });
  });
}

/* Chaque fichier : repris d'un cache précédent, sinon téléchargé ; au plus 6 à la fois. */
function remplir(cache, liste, anciens) {
  var chemins = Object.keys(liste);
  var suivant = 0;
  function ouvrier() {
    if (suivant >= chemins.length) return Promise.resolve();
    var rel = chemins[suivant++];
    var hash = liste[rel][0];
    return cache.match(adresse(rel)).then(function (deja) {
      if (deja) return true;
      return reprendre(cache, anciens, rel, hash);
    }).then(function (fait) {
      return fait ? null : telecharger(cache, rel, hash);
    }).then(ouvrier);
  }
  var ouvriers = [];
  for (var i = 0; i < 6; i++) ouvriers.push(ouvrier());
  return Promise.all(ouvriers);
}

function empreintes(liste) {
  var out = {};
  Object.keys(liste).forEach(function (rel) { out[rel] = liste[rel][0]; });
  return out;
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return precedents().then(function (anciens) {
      var tout = Object.assign({}, BUILD.files.precache);
      return remplir(cache, BUILD.files.precache, anciens).then(function () {
        // Les PDF déjà gardés par la version précédente et inchangés restent gardés.
        return Promise.all(Object.keys(BUILD.files.later).map(function (rel) {
          var hash = BUILD.files.later[rel][0];
          return reprendre(cache, anciens, rel, hash).then(function (ok) {
            if (ok) tout[rel] = BUILD.files.later[rel];
          });
        }));
      }).then(function () {
        return cache.put(adresse(LISTE), new Response(JSON.stringify(empreintes(tout)),
          {headers: {"Content-Type": "application/json"}}));
      });
    });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (noms) {
    return Promise.all(noms.filter(function (nom) {
      return nom.indexOf(PREFIX) === 0 && nom !== CACHE;
    }).map(function (nom) { return caches.delete(nom); }));
  }).then(function () { return self.clients.claim(); }));
});

function noterGardes(cache, chemins) {
  return cache.match(adresse(LISTE)).then(function (r) { return r ? r.json() : {}; })
    .then(function (liste) {
      chemins.forEach(function (rel) { liste[rel] = BUILD.files.later[rel][0]; });
      return cache.put(adresse(LISTE), new Response(JSON.stringify(liste),
        {headers: {"Content-Type": "application/json"}}));
    });
}

function horsLigne(requete, rel) {
  if (requete.mode !== "navigate") return Response.error();
  return Response.redirect(adresse(BUILD.offline) + "?page=" + encodeURIComponent(rel), 302);
}

/* Un PDF ou une archive, gardé s'il est bien celui de cette construction (sinon, une version
   plus récente publiée entre-temps, il est montré sans être gardé). */
function premiereOuverture(cache, requete, rel) {
  return telecharger(cache, rel, BUILD.files.later[rel][0]).then(function () {
    return noterGardes(cache, [rel]);
  }).then(function () { return cache.match(adresse(rel)); }, function () { return fetch(requete); });
}

function repondre(requete, rel) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(adresse(rel)).then(function (trouve) {
      if (trouve) return trouve;
      if (BUILD.files.later[rel]) return premiereOuverture(cache, requete, rel);
      return fetch(requete);
    }).catch(function () { return horsLigne(requete, rel); });
  });
}

self.addEventListener("fetch", function (event) {
  var requete = event.request;
  if (requete.method !== "GET" || requete.headers.has("range")) return;
  var rel = chemin(requete.url);
  if (rel === null || rel === "sw.js") return;
  event.respondWith(repondre(requete, rel));
});

/* Messages des pages (cip-app.js) :
   {type: "activer"}                    la nouvelle version remplace l'ancienne maintenant ;
   {type: "tailles", chemins}           → {nombre, octets, gardes} des fichiers à garder ;
   {type: "garder", chemins}            les télécharge → {ok, gardes} ou {ok: false, message}. */
function aGarder(chemins) {
  return (chemins || []).filter(function (rel) { return BUILD.files.later[rel]; });
}

function tailles(chemins) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(aGarder(chemins).map(function (rel) {
      return cache.match(adresse(rel)).then(function (r) { return r ? 0 : BUILD.files.later[rel][1]; });
    }));
  }).then(function (manque) {
    var liste = aGarder(chemins);
    var octets = manque.reduce(function (a, b) { return a + b; }, 0);
    return {nombre: liste.length, octets: octets,
            gardes: manque.filter(function (n) { return n === 0; }).length};
  });
}

function garder(chemins) {
  return caches.open(CACHE).then(function (cache) {
    var liste = aGarder(chemins);
    return Promise.all(liste.map(function (rel) {
      return cache.match(adresse(rel)).then(function (deja) {
        return deja ? null : telecharger(cache, rel, BUILD.files.later[rel][0]);
      });
    })).then(function () { return noterGardes(cache, liste); })
      .then(function () { return {ok: true, gardes: liste.length}; });
  }).catch(function () {
    return {ok: false, message: "Téléchargement interrompu : vérifiez la connexion et réessayez."};
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type === "activer") {
    self.skipWaiting();
  } else if (data.type === "tailles" && port) {
    event.waitUntil(tailles(data.chemins).then(function (r) { port.postMessage(r); }));
  } else if (data.type === "garder" && port) {
    event.waitUntil(garder(data.chemins).then(function (r) { port.postMessage(r); }));
  }
});

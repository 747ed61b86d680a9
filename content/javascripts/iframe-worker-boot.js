/* Amorce du cadre caché de iframe-worker (voir iframe-worker-shim.js, licence MIT) : ce que
   le script en ligne d'origine définissait dans le cadre, dans un fichier pour que la politique
   de sécurité (CSP) des pages le laisse s'exécuter. Les scripts du « worker » de recherche
   tournent dans ce cadre : postMessage y répond à la page, importScripts y charge des scripts. */
(function () {
  "use strict";
  var amorce = document.currentScript;
  var worker = amorce.getAttribute("data-worker");
  // Le worker de recherche cherche ses dictionnaires à côté du premier script[src] du cadre :
  // ce doit être le sien, l'amorce s'efface donc une fois lue.
  amorce.remove();
  window.postMessage = function (message, origine) {
    parent.postMessage(message, origine || "*");
  };
  window.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (avant, url) {
      return avant.then(function () {
        return new Promise(function (fini) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = fini;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  window.addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", {filename: worker, error: event.error}));
  });
})();

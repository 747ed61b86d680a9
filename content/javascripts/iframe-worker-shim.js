/* iframe-worker 1.0.4 (shim/index.js), paquet npm « iframe-worker » de Martin Donath - licence MIT, voir iframe-worker-shim.LICENSE.txt. https://github.com/squidfunk/iframe-worker
   Modifié pour la politique de sécurité (CSP) des pages : le cadre caché ne reçoit plus de
   script en ligne (bloqué par la politique) mais l'amorce iframe-worker-boot.js, à côté de ce
   fichier ; le reste est le code d'origine, désminifié. Sert depuis le disque (file://)
   seulement, où le navigateur refuse les Worker. */
"use strict";
(() => {
  const courant = document.currentScript;
  const amorce = courant ? new URL("iframe-worker-boot.js", courant.src).href : "";
  const attribut = (valeur) => `${valeur}`.replace(/&/g, "&amp;").replace(/"/g, "&quot;")
    .replace(/</g, "&lt;");

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (event) => {
        if (event.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", {data: event.data}));
          if (this.onmessage) this.onmessage(event);
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const event = new ErrorEvent("error", {message, filename, lineno, colno, error});
          this.dispatchEvent(event);
          if (this.onerror) this.onerror(event);
        }
      };
      const iframe = document.createElement("iframe");
      iframe.hidden = true;
      document.body.appendChild(this.iframe = iframe);
      this.w.document.open();
      this.w.document.write(
        `<html><body><script src="${attribut(amorce)}" data-worker="${attribut(url)}"><\/script>` +
        `<script src="${attribut(url)}?${+Date.now()}"><\/script></body></html>`);
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }

    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }

    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({data})));
      });
    }

    get w() {
      return this.iframe.contentWindow;
    }
  }

  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();

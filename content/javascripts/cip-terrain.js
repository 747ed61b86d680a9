/* Le site sur un téléphone (script classique, sans module : le site s'ouvre depuis le disque).
   - Sigles : toucher (ou cliquer, ou Entrée au clavier) un sigle souligné en pointillé ouvre un
     encadré avec toute sa définition et un lien vers son entrée du glossaire.
   - Tableaux plus larges que l'écran : ils défilent dans leur cadre, annoncés par une indication
     visible au-dessus d'eux. Ceux qu'une page construit après coup (suivi de la promotion)
     l'appellent à chaque affichage : CIP.tableauxLarges().
   - Glossaire : l'adresse « glossaire.html#<sigle> » mène à la bonne ligne même quand
     l'identifiant de l'entrée diffère du sigle. */
(function () {
  "use strict";

  var GLOSSAIRE = "referentiel/glossaire.html";
  var INDICE = "Tableau plus large que l'écran : faites-le glisser de côté pour voir toutes les " +
    "colonnes.";

  function racine() {
    var config = document.getElementById("__config");
    try {
      return (config && JSON.parse(config.textContent).base) || ".";
    } catch (e) {
      return ".";
    }
  }

  function cle(texte) {
    return texte.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function adresseGlossaire(sigle) {
    return new URL(racine() + "/" + GLOSSAIRE + "#" + cle(sigle), window.location.href).href;
  }

  /* -- sigles ----------------------------------------------------------------------------- */

  var ouvert = null;

  function fermer() {
    if (!ouvert) return;
    var sigle = ouvert.sigle;
    ouvert.bulle.remove();
    ouvert = null;
  }

  function ouvrir(sigle) {
    var definition = sigle.dataset.cipDefinition || sigle.getAttribute("title") || "";
    if (!definition) return;
    fermer();
    var bulle = document.createElement("div");
    bulle.className = "cip-bulle";
    bulle.id = "cip-bulle";
    bulle.setAttribute("role", "dialog");
    bulle.setAttribute("aria-label", "Définition de " + sigle.textContent);
    var titre = document.createElement("p");
    titre.className = "cip-bulle__sigle";
    titre.textContent = sigle.textContent;
    var texte = document.createElement("p");
    texte.textContent = definition;
    var pied = document.createElement("p");
    pied.className = "cip-bulle__pied";
    var lien = document.createElement("a");
    lien.href = adresseGlossaire(sigle.textContent);
    lien.textContent = "Voir « " + sigle.textContent + " » dans le glossaire";
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "md-button";
    bouton.textContent = "Fermer";
    bouton.addEventListener("click", function () {
      fermer();
      sigle.focus();
    });
    pied.append(lien, " ", bouton);
    bulle.append(titre, texte, pied);
    document.body.appendChild(bulle);
    ouvert = {sigle: sigle, bulle: bulle};
    lien.focus({preventScroll: true});
  }

  /* La définition est gardée dès le chargement : l'infobulle de Material retire l'attribut
     title au premier survol (un toucher en simule un). */
  /* Le title est échappé pour l'infobulle de Material, qui l'insère comme du HTML : on le lit
     comme elle (entités décodées), sans rien interpréter (textarea : texte seul). */
  function texteDuTitre(titre) {
    var zone = document.createElement("textarea");
    zone.innerHTML = titre;
    return zone.value;
  }

  function preparerSigles() {
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (sigle) {
      if (sigle.hasAttribute("tabindex")) return;
      sigle.dataset.cipDefinition = texteDuTitre(sigle.getAttribute("title"));
      sigle.setAttribute("tabindex", "0");
    });
  }

  document.addEventListener("click", function (ev) {
    var sigle = ev.target.closest ? ev.target.closest(".md-typeset abbr") : null;
    if (sigle && (sigle.dataset.cipDefinition || sigle.getAttribute("title"))) {
      if (ouvert && ouvert.sigle === sigle) fermer();
      else ouvrir(sigle);
      return;
    }
    if (ouvert && !ouvert.bulle.contains(ev.target)) fermer();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && ouvert) {
      var sigle = ouvert.sigle;
      fermer();
      sigle.focus();
    } else if ((ev.key === "Enter" || ev.key === " ") && ev.target.matches &&
               ev.target.matches(".md-typeset abbr[tabindex]")) {
      ev.preventDefault();
      ouvrir(ev.target);
    }
  });

  /* -- tableaux larges --------------------------------------------------------------------- */

  /* Toutes les largeurs lues d'abord, puis les indications écrites : une seule mise en page
     (lire après chaque écriture en referait une par tableau). */
  function marquerTableaux() {
    var cadres = Array.prototype.slice.call(
      document.querySelectorAll(".md-typeset__scrollwrap, .promo-defile"));
    var larges = cadres.map(function (cadre) { return cadre.scrollWidth > cadre.clientWidth + 1; });
    cadres.forEach(function (cadre, i) {
      var defile = larges[i];
      var avant = cadre.previousElementSibling;
      var indice = avant && avant.classList.contains("cip-defile-indice") ? avant : null;
      if (defile && !indice) {
        indice = document.createElement("p");
        indice.className = "cip-defile-indice";
        indice.textContent = INDICE;
        cadre.insertAdjacentElement("beforebegin", indice);
      } else if (!defile && indice) {
        indice.remove();
      }
      cadre.classList.toggle("cip-defile", defile);
      if (defile && !cadre.hasAttribute("aria-label")) {
        cadre.setAttribute("tabindex", "0");
        cadre.setAttribute("role", "region");
        cadre.setAttribute("aria-label", "Tableau à faire défiler de côté");
      }
    });
  }

  /* Exemples de code plus larges que l'écran (guide de l'auteur) : atteignables au clavier,
     pour les faire défiler avec les flèches. */
  function marquerCode() {
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth + 1) {
        code.setAttribute("tabindex", "0");
        code.setAttribute("role", "region");
        code.setAttribute("aria-label", "Exemple à faire défiler de côté");
      } else if (code.getAttribute("role") === "region") {
        code.removeAttribute("tabindex");
        code.removeAttribute("role");
        code.removeAttribute("aria-label");
      }
    });
  }

  window.CIP = window.CIP || {};
  window.CIP.tableauxLarges = marquerTableaux;

  /* -- glossaire : la ligne du sigle demandé ----------------------------------------------- */

  function allerAuSigle() {
    var voulu = decodeURIComponent(window.location.hash.slice(1));
    if (!voulu || document.getElementById(voulu)) return;
    var lignes = document.querySelectorAll(".cip-glossaire tbody tr");
    for (var i = 0; i < lignes.length; i++) {
      var sigle = lignes[i].querySelector("td strong");
      if (sigle && sigle.textContent.split("/").some(function (s) { return cle(s) === voulu; })) {
        lignes[i].scrollIntoView();
        return;
      }
    }
  }

  function demarrer() {
    preparerSigles();
    window.requestAnimationFrame(function () {
      marquerTableaux();
      marquerCode();
      allerAuSigle();
    });
  }

  window.addEventListener("resize", function () {
    marquerTableaux();
    marquerCode();
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(demarrer);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();

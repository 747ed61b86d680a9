/* Calendrier de la promotion : la semaine en cours, d'après la date du jour de celui qui lit
   (le site est statique : une date fixée à la construction serait vite fausse).
   Chaque ligne du tableau porte dans sa première cellule
   <span class="cip-semaine" data-cip-du="AAAA-MM-JJ" data-cip-au="AAAA-MM-JJ"
         data-cip-semaine="5" data-cip-lieu="terrain">,
   du lundi de sa première semaine au dimanche de sa dernière (semaines de terrain regroupées).
   La ligne du jour reçoit la classe cip-semaine-courante, aria-current="date" et le texte
   « semaine en cours » (pas seulement une couleur) ; le paragraphe #cip-aujourdhui dit où en
   est la promotion. CIP.calendrier.marquer(date) refait le marquage pour une autre date. */
(function (CIP) {
  "use strict";

  var JOUR = 24 * 3600 * 1000;

  function jour(iso) {
    var p = iso.split("-");
    return new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2]));
  }

  function dateLongue(d) {
    return d.toLocaleDateString("fr-FR", {weekday: "long", day: "numeric", month: "long",
                                          year: "numeric"});
  }

  function effacer() {
    document.querySelectorAll(".cip-semaine-courante").forEach(function (tr) {
      tr.classList.remove("cip-semaine-courante");
      tr.removeAttribute("aria-current");
      tr.removeAttribute("id");
    });
    document.querySelectorAll(".cip-maintenant").forEach(function (el) { el.remove(); });
  }

  function ligneDuJour(marques, aujourdhui) {
    for (var i = 0; i < marques.length; i++) {
      var el = marques[i];
      var du = jour(el.dataset.cipDu);
      if (aujourdhui >= du && aujourdhui <= jour(el.dataset.cipAu)) {
        var numero = Number(el.dataset.cipSemaine) +
          Math.floor(Math.round((aujourdhui - du) / JOUR) / 7);
        return {el: el, numero: numero, lieu: el.dataset.cipLieu};
      }
    }
    return null;
  }

  function marquer(date) {
    var marques = document.querySelectorAll(".cip-semaine[data-cip-du]");
    if (!marques.length) return;
    effacer();
    var d = date || new Date();
    var aujourdhui = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    var trouve = ligneDuJour(marques, aujourdhui);
    var texte;
    if (trouve) {
      var tr = trouve.el.closest("tr");
      tr.classList.add("cip-semaine-courante");
      tr.setAttribute("aria-current", "date");
      tr.id = "semaine-en-cours";
      var marque = document.createElement("strong");
      marque.className = "cip-maintenant";
      marque.textContent = "semaine en cours (semaine " + trouve.numero + ")";
      trouve.el.parentNode.appendChild(document.createElement("br")).className = "cip-maintenant";
      trouve.el.parentNode.appendChild(marque);
      texte = "Aujourd'hui, " + dateLongue(aujourdhui) + " : semaine " + trouve.numero +
        " de la promotion (" + trouve.lieu + ").";
    } else if (aujourdhui < jour(marques[0].dataset.cipDu)) {
      texte = "Aujourd'hui, " + dateLongue(aujourdhui) + " : la promotion n'a pas encore " +
        "commencé (début le " + dateLongue(jour(marques[0].dataset.cipDu)) + ").";
    } else {
      texte = "Aujourd'hui, " + dateLongue(aujourdhui) + " : la promotion est terminée " +
        "(dernière semaine jusqu'au " +
        dateLongue(jour(marques[marques.length - 1].dataset.cipAu)) + ").";
    }
    var annonce = document.getElementById("cip-aujourdhui");
    if (annonce) {
      annonce.textContent = texte;
      if (trouve) {
        var lien = document.createElement("a");
        lien.href = "#semaine-en-cours";
        lien.textContent = "Aller à la semaine en cours";
        annonce.appendChild(document.createTextNode(" "));
        annonce.appendChild(lien);
      }
      annonce.hidden = false;
    }
  }

  CIP.calendrier = {marquer: marquer};
  CIP.ready(function () { marquer(); });
})(window.CIP = window.CIP || {});

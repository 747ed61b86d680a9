/* « Suivi de la promotion », la liste des stagiaires une fois calculée : grand tableau
   stagiaires × compétences (ordinateur) ou cartes par stagiaire (téléphone). Filtre par nom,
   tri (nom, écart, niveau) et en-têtes figés.

   Ce qui coûtait le temps (mesuré dans Chromium, 100 stagiaires : ~90 000 éléments) : la mise
   en page et le calcul des styles du tableau entier, à chaque affichage, filtre ou tri. La
   liste n'a donc dans la page que les stagiaires visibles dans leur cadre (ou dans l'écran
   pour les cartes), plus une marge ; deux espaces vides de la hauteur des autres gardent la
   barre de défilement juste. Un filtre ou un tri ne touche que l'ordre de la liste en mémoire
   puis redessine ce qui se voit ; le groupe de lignes d'un stagiaire est construit une fois et
   gardé. Jusqu'à SEUIL stagiaires (une promotion réelle en a 12), tout est dans la page.
   Avant l'impression, tout est mis dans la page (le papier montre tout le monde).

   API
   CIP.promotionMatrice.liste({conteneur, cadre, colonnes, elements[, hauteur, debut]})
                          conteneur : le <table> (un <tbody> par stagiaire) ou un bloc (une
                          carte par stagiaire) ; cadre : l'élément qui défile (null : la page) ;
                          colonnes : nombre de colonnes du tableau (espaces vides) ; elements :
                          [{nom, ecart, niveau, construire()}] dans l'ordre alphabétique
                          (ecart : plus grand écart auto-évaluation / évaluateur en valeur
                          absolue, ou -1 ; niveau : rang moyen retenu, ou Infinity ;
                          construire() renvoie le groupe de lignes ou la carte du stagiaire,
                          que la liste marque de data-stagiaire (nom), data-ecart (s'il y en a
                          un) et data-niveau (s'il y en a un)).
                          Renvoie une vue :
     vue.appliquer({nom, tri})
                          montre les stagiaires dont le nom contient nom (apostrophes, accents,
                          majuscules, espaces et tirets ignorés) ; tri : "nom", "ecart" (plus
                          grand d'abord) ou "niveau" (plus bas d'abord) ; renvoie le nombre de
                          stagiaires montrés.
     vue.dessiner()       met dans la page ceux que l'on voit (appelé au défilement).
     vue.tout()           met tout dans la page (impression).
     vue.montres()        les noms montrés, dans l'ordre.
     vue.reperes()        {hauteur, debut} : à passer à la vue suivante (options.hauteur,
                          options.debut) qui remplace celle-ci après un changement de filtre.
     vue.detruire()       retire la liste et ses écouteurs.
   CIP.promotionMatrice.figer(table)
                          la ligne d'en-tête et les colonnes Stagiaire et Source restent visibles
                          quand on fait défiler le cadre dans les deux sens (à rappeler quand
                          la largeur de l'écran change).
   CIP.promotionMatrice.disposition(racine, redessiner)
                          tableau ou cartes : renvoie {cartes(), impression()} ; cartes() est
                          vrai sur un écran étroit (moins de 45em), jamais pendant
                          l'impression (le tableau, avec tout le monde : vue.tout()).
                          redessiner() est appelé quand la réponse change : largeur de l'écran
                          (hors impression), avant l'impression si racine porte
                          promo-en-cartes, après si l'écran est étroit. */
(function (CIP) {
  "use strict";

  var SEUIL = 40;  // au-delà, seuls les stagiaires visibles sont dans la page
  var MARGE = 3;   // stagiaires dessinés au-dessus et au-dessous de ce qui se voit
  var el = CIP.element;

  var TRIS = {
    nom: function (a, b) { return a.ordre - b.ordre; },
    ecart: function (a, b) { return b.ecart - a.ecart || a.ordre - b.ordre; },
    niveau: function (a, b) { return a.niveau - b.niveau || a.ordre - b.ordre; }
  };

  function espace(table, colonnes) {
    // jamais masqués (hidden) : leur position donne celle de la liste, même à hauteur nulle
    if (!table) return el("div", {className: "promo-espace", "aria-hidden": "true"});
    var td = el("td", {colspan: String(colonnes)});
    return el("tbody", {className: "promo-espace", "aria-hidden": "true"}, [el("tr", {}, [td])]);
  }

  function hauteur(bloc, px) {
    var cible = bloc.tagName === "TBODY" ? bloc.rows[0].cells[0] : bloc;
    cible.style.height = Math.max(0, Math.round(px)) + "px";
  }

  /* Le groupe de lignes ou la carte d'un stagiaire porte ce que lisent le tri et les tests. */
  function marquer(bloc, e) {
    bloc.dataset.stagiaire = e.nom;
    if (e.ecart >= 0) bloc.dataset.ecart = String(e.ecart);
    if (e.niveau !== Infinity) bloc.dataset.niveau = String(e.niveau);
    return bloc;
  }

  function liste(options) {
    var conteneur = options.conteneur, cadre = options.cadre || null;
    var table = conteneur.tagName === "TABLE";
    var elements = options.elements.map(function (e, i) {
      return {nom: e.nom, cle: CIP.identite.plier(e.nom), ecart: e.ecart, niveau: e.niveau,
              construire: e.construire, ordre: i, noeud: null};
    });
    // les espaces n'existent que s'il peut y avoir des stagiaires hors de la page
    var fenetree = elements.length > SEUIL;
    var montres = elements.slice(), dedans = [], attente = 0, toutMontrer = false;
    var haut = fenetree ? espace(table, options.colonnes) : null;
    var bas = fenetree ? espace(table, options.colonnes) : null;
    // Hauteur moyenne d'un stagiaire (celle de la vue précédente si elle est donnée) et
    // position de la liste : lues au défilement, quand la page est déjà mise en page ; un
    // filtre ou un tri s'en sert sans forcer une mise en page de plus.
    var estimee = options.hauteur || 0;
    var defile = cadre ? cadre.scrollTop : 0, debutListe = options.debut || 0;
    var hauteurCadre = options.hauteurCadre || 0;
    if (fenetree) {
      conteneur.appendChild(haut);
      conteneur.appendChild(bas);
    }

    function noeud(e) {
      if (!e.noeud) e.noeud = marquer(e.construire(), e);
      return e.noeud;
    }

    /* Les indices [debut, fin[ des stagiaires à mettre dans la page : ceux qui se voient dans
       le cadre (ou dans l'écran), plus MARGE de chaque côté. */
    function fenetre() {
      var n = montres.length;
      if (n <= SEUIL || toutMontrer) return [0, n];
      var h = estimee || 120, ecran = window.innerHeight, vueHaut, vueBas;
      if (cadre) {
        vueHaut = defile - debutListe;
        vueBas = vueHaut + (hauteurCadre || ecran);
      } else {
        vueHaut = window.scrollY - debutListe;
        vueBas = vueHaut + ecran;
      }
      var debut = Math.floor(vueHaut / h) - MARGE, fin = Math.ceil(vueBas / h) + MARGE;
      debut = Math.max(0, Math.min(debut, n - 1));
      fin = Math.max(debut + 1, Math.min(n, fin));
      return [debut, fin];
    }

    /* Lit (la page étant mise en page) la position de la liste et la hauteur moyenne des
       stagiaires dessinés ; vrai si l'estimation a beaucoup changé. */
    function mesurer() {
      if (cadre) {
        defile = cadre.scrollTop;
        hauteurCadre = cadre.clientHeight;
        debutListe = haut.getBoundingClientRect().top - cadre.getBoundingClientRect().top + defile;
      } else {
        debutListe = haut.getBoundingClientRect().top + window.scrollY;
      }
      if (!dedans.length) return false;
      var premier = dedans[0].noeud.getBoundingClientRect().top;
      var dernier = dedans[dedans.length - 1].noeud.getBoundingClientRect().bottom;
      var mesuree = (dernier - premier) / dedans.length, avant = estimee || 120;
      if (!(mesuree > 0) || Math.abs(mesuree - avant) <= 2) return false;
      estimee = mesuree;
      return Math.abs(mesuree - avant) > avant / 4;
    }

    function placer(f) {
      if (!fenetree) return;
      var h = estimee || 120;
      hauteur(haut, f[0] * h);
      hauteur(bas, (montres.length - f[1]) * h);
    }

    /* mesure : relire positions et hauteurs après avoir dessiné (au défilement, ou la première
       fois sans estimation). */
    function dessiner(mesure) {
      attente = 0;
      var f = fenetre(), voulus = montres.slice(f[0], f[1]);
      var garde = Object.create(null);
      voulus.forEach(function (e) { garde[e.ordre] = true; });
      dedans.forEach(function (e) { if (!garde[e.ordre] && e.noeud) e.noeud.remove(); });
      // dans l'ordre voulu, juste avant l'espace du bas : un seul fragment
      var fragment = document.createDocumentFragment();
      voulus.forEach(function (e) { fragment.appendChild(noeud(e)); });
      conteneur.insertBefore(fragment, bas);  // bas null : à la fin
      dedans = voulus;
      placer(f);
      if (montres.length > SEUIL && !toutMontrer && (mesure || !estimee)) {
        if (mesurer()) dessiner(false);  // estimation très loin : fenêtre refaite une fois
        else placer(f);
      }
    }

    function auDefilement() {
      if (cadre) defile = cadre.scrollTop;
      if (!attente && montres.length > SEUIL && !toutMontrer) {
        attente = window.requestAnimationFrame(function () { dessiner(true); });
      }
    }

    var cible = cadre || window;
    cible.addEventListener("scroll", auDefilement, {passive: true});
    window.addEventListener("resize", auDefilement);
    function avantImpression() { toutMontrer = true; dessiner(false); }
    function apresImpression() { toutMontrer = false; dessiner(true); }
    window.addEventListener("beforeprint", avantImpression);
    window.addEventListener("afterprint", apresImpression);

    var vue = {
      appliquer: function (choix) {
        var cherche = CIP.identite.plier(choix.nom || "");
        var tri = TRIS[choix.tri] ? choix.tri : "nom";
        montres = elements.filter(function (e) {
          return !cherche || e.cle.indexOf(cherche) >= 0;
        }).sort(TRIS[tri]);
        conteneur.dataset.tri = tri;
        dessiner(false);
        return montres.length;
      },
      dessiner: function () { dessiner(true); },
      tout: avantImpression,
      montres: function () { return montres.map(function (e) { return e.nom; }); },
      reperes: function () {
        return {hauteur: estimee, debut: debutListe, hauteurCadre: hauteurCadre};
      },
      detruire: function () {
        cible.removeEventListener("scroll", auDefilement);
        window.removeEventListener("resize", auDefilement);
        window.removeEventListener("beforeprint", avantImpression);
        window.removeEventListener("afterprint", apresImpression);
        if (attente) window.cancelAnimationFrame(attente);
        dedans.forEach(function (e) { if (e.noeud) e.noeud.remove(); });
        if (fenetree) {
          haut.remove();
          bas.remove();
        }
      }
    };
    return vue;
  }

  /* La seconde ligne d'en-tête se place sous la première (sa hauteur dépend de la largeur de
     l'écran : mesurée une fois le tableau dessiné). La colonne Source est à droite de la colonne
     Stagiaire, de largeur fixe (promotion.css). */
  function figer(table) {
    var tete = table.tHead;
    if (!tete || tete.rows.length < 2) return;
    var haut = tete.rows[0].getBoundingClientRect().height;
    Array.prototype.forEach.call(tete.rows[1].cells, function (th) { th.style.top = haut + "px"; });
  }

  /* Sur papier, toujours le grand tableau (A4 paysage), avec tout le monde : la page est
     redessinée avant l'impression, puis selon la largeur de l'écran après ; téléphone tourné,
     fenêtre élargie : tableau ou cartes. */
  function disposition(racine, redessiner) {
    var etroit = window.matchMedia ? window.matchMedia("(max-width: 44.9375em)") : {matches: false};
    var impression = false;
    if (etroit.addEventListener) {
      etroit.addEventListener("change", function () { if (!impression) redessiner(); });
    }
    window.addEventListener("beforeprint", function () {
      impression = true;
      if (racine.classList.contains("promo-en-cartes")) redessiner();
    });
    window.addEventListener("afterprint", function () {
      impression = false;
      if (etroit.matches) redessiner();
    });
    return {
      cartes: function () { return etroit.matches && !impression; },
      impression: function () { return impression; }
    };
  }

  CIP.promotionMatrice = {liste: liste, figer: figer, disposition: disposition, SEUIL: SEUIL};
})(window.CIP = window.CIP || {});

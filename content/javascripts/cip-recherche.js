/* Recherche du site, sans serveur (file://) comme en ligne : MiniSearch (minisearch.js, copie
   locale) sur l'index écrit par le générateur (search/cip-recherche-index.js, voir
   generator/search.py), chargé quand le lecteur ouvre la recherche. La boîte de recherche et la
   liste des résultats gardent le balisage et l'apparence de Material (partials/search.html du
   thème) ; le moteur de Material n'est pas chargé.

   Ce que la recherche pardonne : accents, ligatures (« oeuvre » trouve « œuvre ») et
   majuscules ; une faute de frappe dans un mot de 5 lettres ou plus, deux dans un mot de 9 ou
   plus (« acompagnement ») ; les mots courants (de, des, la, l'…), jamais cherchés ni « non
   trouvés ». Tous les mots tapés comptent : les pages qui les contiennent tous viennent d'abord.

   Clavier (comme Material) : « / », « s » ou « f » ouvre la recherche ; flèches haut et bas
   parcourent les résultats ; Entrée ouvre le premier ; Échap ou Tab ferme.

   API (pour les tests et le banc de mesure)
   CIP.recherche.plier(texte)        « L'Œuvre » → « l'oeuvre » (minuscules, sans accents).
   CIP.recherche.analyser(requete)   {mots: [...] pliés et utiles, courants: [...] tels que tapés}.
   CIP.recherche.Moteur(index)       moteur sur un index (window.CIP.indexRecherche) ;
     .chercher(requete)              {mots, courants, pages: [{url, titre, complet, manquants,
                                     termes, score, sections: [{ancre, titre, apercu, termes}]}]}.
   CIP.recherche.charger()           promesse du moteur (charge l'index une seule fois). */
(function (CIP) {
  "use strict";

  // Ni indexés ni cherchés ; la même liste que generator/search.py (COMMON_WORDS).
  var MOTS_COURANTS = {};
  "a au aux c d de des du en et j l la le les m n qu s t un une".split(" ").forEach(function (m) {
    MOTS_COURANTS[m] = true;
  });
  var INDEX_SCRIPT = "search/cip-recherche-index.js";
  var PAGES_PAR_PAQUET = 10;
  var SECTIONS_VISIBLES = 2;
  // Poids des champs : le titre de la section, ses mots-clés (libellés définis, sigles écrits
  // en toutes lettres), le titre de sa page, son texte.
  var POIDS = {titre: 6, cles: 4, page: 1.5, texte: 1};
  var TETE = 1.5;

  function plier(texte) {
    return String(texte).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  function analyser(requete) {
    var tapes = String(requete).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var mots = [];
    var courants = [];
    var tels = {};
    tapes.forEach(function (tape) {
      plier(tape).split(/[^a-z0-9]+/).filter(Boolean).forEach(function (mot) {
        if (MOTS_COURANTS[mot]) {
          if (courants.indexOf(tape) < 0) courants.push(tape);
        } else if (mots.indexOf(mot) < 0) {
          mots.push(mot);
          tels[mot] = tape;
        }
      });
    });
    return {mots: mots, courants: courants, tels: tels};
  }

  // Fautes pardonnées : une à partir de 5 lettres, deux à partir de 9.
  function fautes(mot) {
    return mot.length >= 9 ? 2 : mot.length >= 5 ? 1 : false;
  }

  var CHAMPS = ["titre", "cles", "page", "texte"];

  function motsDe(texte) {
    return plier(texte).split(/[^a-z0-9]+/).filter(Boolean);
  }

  // L'index de MiniSearch tel que MiniSearch.toJSON() l'écrit (version 2 de son format), fait
  // directement depuis l'index du site : le mot → documents du texte (écarts en base 36,
  // « 0.3.1a »), les titres et mots-clés découpés ici. Le charger (loadJS) ne coûte qu'une
  // insertion par mot du vocabulaire ; l'ajouter document par document coûtait dix fois plus.
  function formatMiniSearch(index) {
    var pages = index.pages;
    var docs = index.docs;
    var n = docs.length;
    var postings = new Map();
    var longueurs = [];
    var sommes = [0, 0, 0, 0];
    var identifiants = {};
    function champ(mot, numero) {
      var p = postings.get(mot);
      if (!p) postings.set(mot, p = {});
      return p[numero] || (p[numero] = {});
    }
    for (var i = 0; i < n; i++) {
      identifiants[i] = i;
      longueurs.push([0, 0, 0, 0]);
    }
    Object.keys(index.mots).forEach(function (mot) {
      var f = champ(mot, 3);
      var id = 0;
      index.mots[mot].split(".").forEach(function (ecart) {
        id += parseInt(ecart, 36);
        f[id] = 1;
        longueurs[id][3] += 1;
      });
    });
    docs.forEach(function (d, id) {
      var titrePage = motsDe(pages[d[0]][1]);
      [d[2] ? motsDe(d[2]) : titrePage, d[3] ? d[3].split(" ") : [], d[2] ? titrePage : []]
        .forEach(function (mots, numero) {
          mots.forEach(function (mot) {
            var f = champ(mot, numero);
            f[id] = (f[id] || 0) + 1;
          });
          longueurs[id][numero] = mots.length;
        });
      for (var c = 0; c < 4; c++) sommes[c] += longueurs[id][c];
    });
    var champs = {};
    CHAMPS.forEach(function (nom, numero) { champs[nom] = numero; });
    return {documentCount: n, nextId: n, documentIds: identifiants, fieldIds: champs,
            fieldLength: Object.assign({}, longueurs),
            averageFieldLength: sommes.map(function (s) { return s / Math.max(n, 1); }),
            storedFields: {}, dirtCount: 0, index: Array.from(postings),
            serializationVersion: 2};
  }

  function Moteur(index) {
    var pages = index.pages;
    var docs = index.docs;
    this.pages = pages;
    this.docs = docs;
    this.mini = window.MiniSearch.loadJS(formatMiniSearch(index), {
      fields: CHAMPS,
      searchOptions: {
        boost: POIDS,
        prefix: function (mot) { return mot.length >= 3; },
        fuzzy: fautes,
        // Une page est d'abord à propos de ce que dit son titre : le sien compte plus que ceux
        // de ses sections.
        boostDocument: function (id) {
          return pages[docs[id][0]][2] * (docs[id][1] ? 1 : TETE);
        }
      }
    });
  }

  Moteur.prototype.chercher = function (requete) {
    var analyse = analyser(requete);
    var reponse = {mots: analyse.mots, courants: analyse.courants, pages: []};
    if (!analyse.mots.length) return reponse;
    var pages = this.pages;
    var docs = this.docs;
    var parPage = {};
    var groupes = [];
    this.mini.search(analyse.mots.join(" ")).forEach(function (r) {
      var doc = docs[r.id];
      var groupe = parPage[doc[0]];
      if (!groupe) {
        groupe = parPage[doc[0]] = {numero: doc[0], url: pages[doc[0]][0], titre: pages[doc[0]][1],
                                    score: 0, mots: {}, termes: {}, sections: [], tete: null};
        groupes.push(groupe);
      }
      groupe.score = Math.max(groupe.score, r.score);
      r.queryTerms.forEach(function (m) { groupe.mots[m] = true; });
      r.terms.forEach(function (t) { groupe.termes[t] = true; });
      var section = {ancre: doc[1], titre: doc[2], apercu: doc[4], termes: r.terms,
                     score: r.score};
      if (doc[1]) groupe.sections.push(section);
      else groupe.tete = section;
    });
    groupes.forEach(function (g) {
      g.manquants = analyse.mots.filter(function (m) { return !g.mots[m]; })
        .map(function (m) { return analyse.tels[m]; });
      g.complet = g.manquants.length === 0;
      g.termes = Object.keys(g.termes);
    });
    groupes.sort(function (a, b) {
      return (a.manquants.length - b.manquants.length) || (b.score - a.score);
    });
    reponse.pages = groupes;
    return reponse;
  };

  // -- chargement de l'index ----------------------------------------------------------------------

  var promesse = null;

  function base() {
    var config = document.getElementById("__config");
    var racine = config ? JSON.parse(config.textContent).base : ".";
    return new URL(racine.replace(/\/?$/, "/"), location.href);
  }

  function charger() {
    if (promesse) return promesse;
    promesse = new Promise(function (resolve, reject) {
      function construire() {
        try {
          resolve(new Moteur(CIP.indexRecherche));
        } catch (e) {
          reject(e);
        }
      }
      if (CIP.indexRecherche) {
        construire();
        return;
      }
      var script = document.createElement("script");
      script.src = new URL(INDEX_SCRIPT, base()).href;
      script.addEventListener("load", function () {
        if (CIP.indexRecherche) construire();
        else reject(new Error("index vide"));
      });
      script.addEventListener("error", function () { reject(new Error("index introuvable")); });
      document.head.appendChild(script);
    });
    promesse.catch(function () { promesse = null; });
    return promesse;
  }

  CIP.recherche = {plier: plier, analyser: analyser, Moteur: Moteur, charger: charger,
                   MOTS_COURANTS: MOTS_COURANTS};

  if (typeof document === "undefined") return;

  // -- affichage, au balisage de Material ---------------------------------------------------------

  function traductions() {
    var config = document.getElementById("__config");
    return config ? JSON.parse(config.textContent).translations || {} : {};
  }

  function el(nom, classe, enfants) {
    var noeud = document.createElement(nom);
    if (classe) noeud.className = classe;
    (enfants || []).forEach(function (e) {
      if (e !== null && e !== undefined) noeud.append(e);
    });
    return noeud;
  }

  // Le texte de l'aperçu, les mots trouvés marqués (<mark>), sans jamais lire de HTML.
  function apercu(texte, termes) {
    var p = el("p");
    var morceaux = String(texte).split(/([\p{L}\p{N}]+)/u);
    morceaux.forEach(function (morceau, i) {
      if (i % 2 === 1) {
        var plie = plier(morceau);
        var trouve = termes.some(function (t) { return plie === t || plie.indexOf(t) === 0; });
        p.append(trouve ? el("mark", null, [morceau]) : morceau);
      } else if (morceau) {
        p.append(morceau);
      }
    });
    return p;
  }

  function lien(url, termes, article) {
    var a = el("a", "md-search-result__link", [article]);
    var cible = new URL(url, base());
    if (termes.length) cible.searchParams.set("h", termes.join(" "));
    a.href = cible.href;
    a.tabIndex = -1;
    return a;
  }

  function article(titre, niveau, apercuTexte, termes, manquants, t) {
    var art = el("article", "md-search-result__article md-typeset");
    if (niveau === 1) art.append(el("div", "md-search-result__icon md-icon"));
    art.append(el(niveau === 1 ? "h1" : "h2", null, [titre]));
    if (apercuTexte) art.append(apercu(apercuTexte, termes));
    if (manquants.length) {
      var p = el("p", "md-search-result__terms", [(t["search.result.term.missing"] || "Non trouvé")
                                                 + " : "]);
      manquants.forEach(function (m, i) {
        if (i) p.append(" ");
        p.append(el("del", null, [m]));
      });
      art.append(p);
    }
    return art;
  }

  function resultat(groupe, t) {
    var tete = groupe.tete;
    var li = el("li", "md-search-result__item");
    li.append(lien(groupe.url, groupe.termes,
                   article(groupe.titre, 1, tete ? tete.apercu : "", groupe.termes,
                           groupe.manquants, t)));
    var sections = groupe.sections;
    sections.slice(0, SECTIONS_VISIBLES).forEach(function (s) {
      li.append(lien(groupe.url + "#" + s.ancre, s.termes, article(s.titre, 2, s.apercu, s.termes,
                                                                  [], t)));
    });
    var reste = sections.slice(SECTIONS_VISIBLES);
    if (reste.length) {
      var texte = reste.length === 1 ? t["search.result.more.one"]
        : (t["search.result.more.other"] || "#").replace("#", reste.length);
      var details = el("details", "md-search-result__more", [el("summary", null, [el("div", null,
                                                                                     [texte])])]);
      details.querySelector("summary").tabIndex = -1;
      reste.forEach(function (s) {
        details.append(lien(groupe.url + "#" + s.ancre, s.termes,
                            article(s.titre, 2, s.apercu, s.termes, [], t)));
      });
      li.append(details);
    }
    return li;
  }

  function messageCourants(courants) {
    var cites = courants.map(function (c) { return "« " + c + " »"; }).join(", ");
    return (courants.length > 1 ? cites + " sont des mots trop courants"
      : cites + " est un mot trop courant") + " pour être cherché : ajoutez un mot plus précis.";
  }

  function Boite(racine) {
    this.racine = racine;
    this.bascule = document.getElementById("__search");
    this.champ = racine.querySelector(".md-search__input");
    this.meta = racine.querySelector(".md-search-result__meta");
    this.liste = racine.querySelector(".md-search-result__list");
    this.t = traductions();
    this.moteur = null;
    this.attente = false;
    this.brancher();
  }

  Boite.prototype.ouvrir = function () {
    if (!this.bascule.checked) this.bascule.checked = true;
    this.liste.hidden = false;
    this.liste.setAttribute("role", "list");
    this.preparer();
  };

  Boite.prototype.fermer = function () {
    this.bascule.checked = false;
    this.liste.hidden = true;
    this.liste.setAttribute("role", "presentation");
    this.champ.blur();
  };

  Boite.prototype.preparer = function () {
    var boite = this;
    if (this.moteur || this.attente) return;
    this.attente = true;
    if (!this.champ.value) this.meta.textContent = "Préparation de la recherche…";
    charger().then(function (moteur) {
      boite.moteur = moteur;
      boite.attente = false;
      boite.afficher();
    }, function () {
      boite.attente = false;
      boite.meta.textContent = "La recherche n'a pas pu se charger : rechargez la page.";
    });
  };

  Boite.prototype.afficher = function () {
    var requete = this.champ.value;
    var t = this.t;
    if (!this.moteur) return;
    var reponse = this.moteur.chercher(requete);
    this.affiche = requete;
    this.liste.textContent = "";
    if (this.guetteur) this.guetteur.disconnect();
    if (!reponse.mots.length) {
      this.meta.textContent = reponse.courants.length ? messageCourants(reponse.courants)
        : (t["search.result.placeholder"] || "Tapez pour lancer la recherche");
      return;
    }
    var n = reponse.pages.length;
    this.meta.textContent = n === 0 ? (t["search.result.none"] || "Aucun document trouvé")
      : n === 1 ? (t["search.result.one"] || "1 document trouvé")
      : (t["search.result.other"] || "# documents trouvés").replace("#", n);
    this.suite(reponse.pages, 0);
  };

  // Les résultats par paquets (comme Material) : les suivants quand le dernier montré paraît.
  Boite.prototype.suite = function (pages, debut) {
    var boite = this;
    var fragment = document.createDocumentFragment();
    pages.slice(debut, debut + PAGES_PAR_PAQUET).forEach(function (g) {
      fragment.append(resultat(g, boite.t));
    });
    this.liste.append(fragment);
    if (this.guetteur) this.guetteur.disconnect();
    var fin = debut + PAGES_PAR_PAQUET;
    if (fin >= pages.length || !window.IntersectionObserver) return;
    this.guetteur = new IntersectionObserver(function (vus) {
      if (vus.some(function (v) { return v.isIntersecting; })) {
        boite.guetteur.disconnect();
        boite.suite(pages, fin);
      }
    });
    this.guetteur.observe(this.liste.lastElementChild);
  };

  Boite.prototype.liens = function () {
    return [this.champ].concat(Array.prototype.slice.call(this.liste.querySelectorAll(
      ":not(details) > [href], summary, details[open] [href]")));
  };

  Boite.prototype.clavier = function (e) {
    var actif = document.activeElement;
    if (e.key === "Enter" && actif === this.champ) {
      var premier = this.liste.querySelector(".md-search-result__link");
      if (premier) {
        e.preventDefault();
        premier.click();
      }
    } else if (e.key === "Escape" || e.key === "Tab") {
      if (e.key === "Escape") e.preventDefault();
      this.fermer();
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      var liens = this.liens();
      var i = Math.max(0, liens.indexOf(actif));
      liens[(i + liens.length + (e.key === "ArrowUp" ? -1 : 1)) % liens.length].focus();
      e.preventDefault();
    } else if (actif !== this.champ && e.key.length === 1) {
      this.champ.focus();
    }
  };

  function saisieEnCours(cible) {
    return cible && (cible.isContentEditable
      || /^(INPUT|TEXTAREA|SELECT)$/.test(cible.tagName));
  }

  Boite.prototype.brancher = function () {
    var boite = this;
    this.champ.addEventListener("focus", function () { boite.ouvrir(); });
    this.champ.addEventListener("input", function () { boite.afficher(); });
    this.racine.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
    });
    this.racine.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () {
        boite.afficher();
        boite.champ.focus();
      });
    });
    this.bascule.addEventListener("change", function () {
      if (boite.bascule.checked) boite.champ.focus();
      else boite.fermer();
    });
    this.liste.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a")) boite.bascule.checked = false;
    });
    window.addEventListener("keydown", function (e) {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (boite.bascule.checked) {
        boite.clavier(e);
      } else if (/^[fs/]$/.test(e.key) && !saisieEnCours(document.activeElement)) {
        e.preventDefault();
        boite.champ.focus();
        boite.champ.select();
      }
    }, true);
    this.liste.hidden = true;
  };

  // La page ouverte depuis un résultat (?h=mots trouvés) : ces mots surlignés dans l'article.
  var SURLIGNES_MAX = 300;

  function surligner(article, termes) {
    var voulus = {};
    termes.forEach(function (t) { voulus[t] = true; });
    var parcours = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest("script, style, textarea, mark, .md-search")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var noeuds = [];
    while (parcours.nextNode()) noeuds.push(parcours.currentNode);
    var faits = 0;
    noeuds.forEach(function (noeud) {
      if (faits >= SURLIGNES_MAX) return;
      var morceaux = noeud.textContent.split(/([\p{L}\p{N}]+)/u);
      var trouve = morceaux.some(function (m, i) { return i % 2 === 1 && voulus[plier(m)]; });
      if (!trouve) return;
      var fragment = document.createDocumentFragment();
      morceaux.forEach(function (m, i) {
        if (i % 2 === 1 && voulus[plier(m)] && faits < SURLIGNES_MAX) {
          var mark = el("mark", null, [m]);
          mark.setAttribute("data-cip-surligne", "");
          fragment.append(mark);
          faits += 1;
        } else if (m) {
          fragment.append(m);
        }
      });
      noeud.replaceWith(fragment);
    });
  }

  CIP.ready(function () {
    var racine = document.querySelector("[data-cip-recherche]");
    if (racine) CIP.recherche.boite = new Boite(racine);
    var h = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (h && article) surligner(article, analyser(h).mots);
  });
})(window.CIP = window.CIP || {});

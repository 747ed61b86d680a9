/* Dossier professionnel (page referentiel/dossier-professionnel.html). Repose sur CIP.form
   (cip-form.js) : enregistrement automatique dans ce navigateur, réponses retrouvées avec leur
   date, export et import JSON (un fichier d'un autre type est refusé et rien n'est perdu),
   « Effacer » après confirmation. Ce script ajoute :
   - les exemples 2 et 3 de chaque activité-type, ouverts à la demande (ou s'ils ont du texte) ;
   - sous chaque exemple, un compteur : caractères et estimation de la longueur imprimée ;
   - le bilan par CCP des compétences illustrées par au moins un exemple ;
   - la version imprimée (bloc .dp-impression, visible seulement à l'impression), construite
     dans l'ordre du modèle à partir des réponses, sans rien couper de ce qui a été écrit.
   La structure (libellés du modèle, activités-types, compétences) vient du JSON #dp-modele. */
(function (CIP) {
  "use strict";

  // Estimation de la mise en page imprimée (feuille dossier-pro.css : A4, corps 10,5 pt).
  var CARACTERES_PAR_LIGNE = 95;
  var LIGNES_PAR_PAGE = 50;
  var LIGNES_FIXES = 22; // en-tête de l'exemple, libellés des questions, contexte

  function el(tag, classe, texte) {
    var e = document.createElement(tag);
    if (classe) e.className = classe;
    if (texte !== undefined && texte !== null) e.textContent = texte;
    return e;
  }

  function dateFr(v) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : (v || "");
  }

  function nombre(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  function Dossier(form, modele) {
    this.form = form;
    this.modele = modele;
    this.sortie = document.querySelector(".dp-impression");
    this.ouverts = {};
  }

  Dossier.prototype.valeurs = function () {
    return CIP.form.read(this.form);
  };

  Dossier.prototype.base = function (ccp, n) {
    return ccp + "-ex" + n;
  };

  // Tout ce qui a été écrit pour un exemple (cases cochées non comprises).
  Dossier.prototype.textesExemple = function (valeurs, ccp, n) {
    var base = this.base(ccp, n), textes = [];
    Object.keys(valeurs).forEach(function (nom) {
      if (nom.indexOf(base + "-") === 0 && nom.indexOf(base + "-cp-") !== 0 &&
          typeof valeurs[nom] === "string") {
        textes.push(valeurs[nom]);
      }
    });
    return textes;
  };

  Dossier.prototype.exempleRempli = function (valeurs, ccp, n) {
    var base = this.base(ccp, n);
    return Object.keys(valeurs).some(function (nom) { return nom.indexOf(base + "-") === 0; });
  };

  Dossier.prototype.visibilite = function (valeurs) {
    var self = this;
    this.form.querySelectorAll(".dp-exemple[data-optionnel]").forEach(function (fs) {
      var ccp = fs.dataset.ccp, n = fs.dataset.exemple;
      fs.hidden = !(self.ouverts[ccp + "-" + n] || self.exempleRempli(valeurs, ccp, n));
    });
    this.form.querySelectorAll("[data-action=ajouter-exemple]").forEach(function (bouton) {
      var reste = self.form.querySelector(".dp-exemple[data-ccp='" + bouton.dataset.ccp +
        "'][hidden]");
      bouton.parentNode.hidden = !reste;
    });
  };

  Dossier.prototype.ajouter = function (ccp) {
    var fs = this.form.querySelector(".dp-exemple[data-ccp='" + ccp + "'][hidden]");
    if (!fs) return;
    this.ouverts[ccp + "-" + fs.dataset.exemple] = true;
    fs.hidden = false;
    this.visibilite(this.valeurs());
    var champ = fs.querySelector("input[type=text]");
    if (champ) champ.focus();
  };

  Dossier.prototype.compteurs = function (valeurs) {
    var self = this, max = this.modele.pages_max;
    this.form.querySelectorAll(".dp-exemple").forEach(function (fs) {
      var textes = self.textesExemple(valeurs, fs.dataset.ccp, fs.dataset.exemple);
      var caracteres = 0, lignes = LIGNES_FIXES;
      textes.forEach(function (t) {
        caracteres += t.length;
        t.split("\n").forEach(function (p) {
          lignes += Math.max(1, Math.ceil(p.length / CARACTERES_PAR_LIGNE));
        });
      });
      var pages = caracteres ? lignes / LIGNES_PAR_PAGE : 0;
      var trop = pages > max;
      var sortie = fs.querySelector(".dp-compteur");
      sortie.textContent = CIP.pluriel(caracteres, "caractère").replace(/^\d+/, nombre(caracteres)) +
        " : environ " + pages.toFixed(1).replace(".", ",") + " page" + (pages >= 2 ? "s" : "") +
        " sur " + max + " au plus (estimation)" +
        (trop ? ". C'est plus long que le modèle ne le permet : raccourcissez cet exemple." : ".");
      sortie.classList.toggle("dp-trop", trop);
    });
  };

  Dossier.prototype.bilan = function (valeurs) {
    var self = this;
    this.modele.activites.forEach(function (a) {
      var bloc = document.querySelector(".dp-bilan-ccp[data-ccp='" + a.ccp + "']");
      if (!bloc) return;
      var illustrees = 0;
      a.competences.forEach(function (c) {
        var oui = a.exemples.some(function (n) {
          return valeurs[self.base(a.ccp, n) + "-cp-" + c.id] === true;
        });
        if (oui) illustrees += 1;
        var li = bloc.querySelector("li[data-competence='" + c.id + "']");
        if (li) li.hidden = oui;
      });
      bloc.querySelector(".dp-compte-n").textContent = String(illustrees);
      bloc.querySelector(".dp-nb-exemples-n").textContent = String(a.exemples.filter(
        function (n) { return self.exempleRempli(valeurs, a.ccp, n); }).length);
      var toutes = illustrees === a.competences.length;
      bloc.querySelector(".dp-toutes").hidden = !toutes;
      bloc.querySelector(".dp-manquantes").hidden = toutes;
      bloc.querySelector(".dp-manquantes-titre").hidden = toutes;
    });
  };

  // -- version imprimée -------------------------------------------------------------------
  Dossier.prototype.page = function (classe) {
    var p = el("section", "dp-page " + (classe || ""));
    this.sortie.appendChild(p);
    return p;
  };

  function ligne(parent, libelle, valeur) {
    var p = el("p", "dp-i-ligne");
    p.appendChild(el("span", "dp-i-libelle", libelle));
    p.appendChild(document.createTextNode(" ▸ "));
    p.appendChild(el("span", "dp-i-valeur", valeur || ""));
    parent.appendChild(p);
  }

  function titreRubrique(r) {
    return r.intitule + (r.condition ? " (" + r.condition + ")" : r.obligatoire ? "" : " (facultatif)");
  }

  Dossier.prototype.imprimerGarde = function (v) {
    var m = this.modele, p = this.page("dp-i-garde");
    p.appendChild(el("p", "dp-i-titre", m.intitule.toUpperCase()));
    m.garde.champs.forEach(function (c) {
      var valeur = v["garde-" + c.id];
      if (!valeur && c.id === "titre-vise") valeur = m.titre_vise;
      ligne(p, c.libelle, valeur);
    });
    if (m.garde.modalite) {
      var bloc = el("div", "dp-i-modalite");
      bloc.appendChild(el("p", "dp-i-libelle", m.garde.modalite.libelle));
      m.garde.modalite.choix.forEach(function (c) {
        bloc.appendChild(el("p", "dp-i-case",
          (v["garde-modalite"] === c.id ? "☒ " : "☐ ") + c.libelle));
      });
      p.appendChild(bloc);
    }
    p.appendChild(el("p", "dp-i-modele", m.modele));
  };

  Dossier.prototype.exemplesImprimes = function (v, a) {
    var self = this;
    var remplis = a.exemples.filter(function (n) { return self.exempleRempli(v, a.ccp, n); });
    return remplis.length ? remplis : [a.exemples[0]];
  };

  Dossier.prototype.imprimerSommaire = function (v) {
    var self = this, m = this.modele, p = this.page("dp-i-sommaire");
    p.appendChild(el("h2", null, m.rubriques.sommaire.intitule));
    p.appendChild(el("h3", null, m.rubriques.exemples.intitule));
    m.activites.forEach(function (a) {
      p.appendChild(el("p", "dp-i-activite", "Activité-type " + a.numero + " : " + a.intitule));
      var ul = el("ul");
      self.exemplesImprimes(v, a).forEach(function (n) {
        ul.appendChild(el("li", null, "Exemple n°" + n + " ▸ " +
          (v[self.base(a.ccp, n) + "-intitule"] || "")));
      });
      p.appendChild(ul);
    });
    ["titres", "declaration", "documents", "annexes"].forEach(function (nom) {
      p.appendChild(el("p", "dp-i-activite", titreRubrique(m.rubriques[nom])));
    });
  };

  Dossier.prototype.imprimerExemple = function (v, a, n) {
    var base = this.base(a.ccp, n), p = this.page("dp-i-exemple");
    var entete = el("div", "dp-i-entete");
    entete.appendChild(el("p", "dp-i-activite", "Activité-type " + a.numero + " : " + a.intitule));
    entete.appendChild(el("p", "dp-i-numero", "Exemple n°" + n + " ▸ " +
      (v[base + "-intitule"] || "")));
    p.appendChild(entete);
    this.modele.questions.forEach(function (q) {
      p.appendChild(el("h4", "dp-i-question", q.numero + ". " + q.libelle));
      if (q.champs.length) {
        q.champs.forEach(function (c) {
          var valeur = c.periode ? "du " + dateFr(v[base + "-" + c.id + "-du"]) + " au " +
            dateFr(v[base + "-" + c.id + "-au"]) : v[base + "-" + c.id];
          ligne(p, c.libelle, valeur);
        });
      } else {
        p.appendChild(el("div", "dp-i-texte", v[base + "-" + q.id] || ""));
      }
    });
  };

  Dossier.prototype.imprimerTableau = function (v, nom) {
    var m = this.modele, t = m.tableaux[nom], p = this.page("dp-i-tableau");
    p.appendChild(el("h2", null, titreRubrique(m.rubriques[nom])));
    var table = el("table"), tr = el("tr");
    t.colonnes.forEach(function (c) { tr.appendChild(el("th", null, c.libelle)); });
    var thead = el("thead");
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el("tbody"), lignes = 0;
    for (var i = 1; i <= t.lignes; i += 1) {
      var rempli = t.colonnes.some(function (c) { return v[nom + "-" + i + "-" + c.id]; });
      if (!rempli) continue;
      lignes += 1;
      var r = el("tr");
      t.colonnes.forEach(function (c) {
        var valeur = v[nom + "-" + i + "-" + c.id] || "";
        r.appendChild(el("td", null, c.id === "date" ? dateFr(valeur) : valeur));
      });
      tbody.appendChild(r);
    }
    for (; lignes < 3; lignes += 1) { // un tableau vide garde quelques lignes à remplir à la main
      var vide = el("tr");
      t.colonnes.forEach(function () { vide.appendChild(el("td", null, "\u00a0")); });
      tbody.appendChild(vide);
    }
    table.appendChild(tbody);
    p.appendChild(table);
  };

  Dossier.prototype.imprimerDeclaration = function (v) {
    var d = this.modele.declaration, p = this.page("dp-i-declaration");
    p.appendChild(el("h2", null, this.modele.rubriques.declaration.intitule));
    p.appendChild(el("p", null, d.soussigne + " " + (v["decl-soussigne"] || "") + ","));
    p.appendChild(el("p", null, d.engagement));
    p.appendChild(el("p", null, d.lieu + " " + (v["decl-lieu"] || "") + " " + d.date + " " +
      dateFr(v["decl-date"])));
    p.appendChild(el("p", null, d.formule));
    p.appendChild(el("p", "dp-i-signature", d.signature));
  };

  Dossier.prototype.imprimer = function (v) {
    var self = this, m = this.modele;
    if (!this.sortie) return;
    this.sortie.textContent = "";
    this.imprimerGarde(v);
    this.imprimerSommaire(v);
    var intro = this.page("dp-i-intro");
    intro.appendChild(el("h2", "dp-i-grand", m.rubriques.exemples.intitule.toUpperCase()));
    m.activites.forEach(function (a) {
      self.exemplesImprimes(v, a).forEach(function (n) { self.imprimerExemple(v, a, n); });
    });
    this.imprimerTableau(v, "titres");
    this.imprimerDeclaration(v);
    this.imprimerTableau(v, "documents");
    this.page("dp-i-annexes").appendChild(el("h2", null,
      titreRubrique(m.rubriques.annexes).toUpperCase()));
  };

  Dossier.prototype.miseAJour = function () {
    var v = this.valeurs();
    this.visibilite(v);
    this.compteurs(v);
    this.bilan(v);
    this.imprimer(v);
  };

  CIP.dossierPro = {Dossier: Dossier};

  CIP.ready(function () {
    var form = document.getElementById("dossier-professionnel");
    var source = document.getElementById("dp-modele");
    if (!form) return;
    if (!source || !CIP.form) {
      CIP.panne(form);
      return;
    }
    var modele;
    try {
      modele = JSON.parse(source.textContent);
    } catch (e) {
      CIP.panne(form, "Le modèle du dossier intégré à la page est illisible.");
      return;
    }
    var dossier = new Dossier(form, modele);
    form.addEventListener("click", function (ev) {
      var bouton = ev.target.closest ? ev.target.closest("[data-action=ajouter-exemple]") : null;
      if (bouton) dossier.ajouter(bouton.dataset.ccp);
    });
    dossier.controleur = CIP.form.attach(form, {
      format: CIP.format("dossier-professionnel"),
      cle: form.dataset.cle,
      version: form.dataset.version,
      // le nom de la personne et le jour : deux dossiers rangés ensemble ne s'écrasent pas
      fileName: function () {
        var v = CIP.form.read(form);
        var nom = [v["garde-nom-usage"] || v["garde-nom-naissance"], v["garde-prenom"]]
          .filter(Boolean).join(" ");
        return CIP.profil.nomFichier("dossier-professionnel", nom || v["decl-soussigne"]);
      },
      extras: function () { return {rempli_par: CIP.profil.remplisseur()}; },
      onChange: function () { dossier.miseAJour(); }
    });
    var proposer = function () {
      if (CIP.profil.proposer(form, {"decl-soussigne": function (p) {
        return p.role === "stagiaire" ? p.nom : "";
      }})) dossier.controleur.save();
    };
    CIP.profil.panneau(form, {onChange: proposer});
    proposer();
    CIP.dossierPro.courant = dossier;
  });
})(window.CIP = window.CIP || {});

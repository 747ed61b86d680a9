/* CIP.form : un formulaire dont les réponses restent dans ce navigateur. Lecture et remplissage
   des champs, enregistrement automatique (et date de l'enregistrement retrouvé), boutons
   d'action (exporter, importer, effacer, imprimer) et impression complète des zones de texte.
   Repose sur CIP.storage et CIP.files (cip-storage.js, cip-files.js, chargés avant).

   API
   CIP.form.fields(form)              champs nommés (ni fichier ni bouton).
   CIP.form.read(form)                {nom: valeur} : texte saisi, valeur du bouton radio coché,
                                      true pour une case cochée ; les champs vides sont omis.
   CIP.form.fill(form, valeurs)       l'inverse ; un champ absent de valeurs est vidé ; une valeur
                                      qui n'est ni texte ni booléen est ignorée.
   CIP.form.isEmpty(valeurs)          aucune réponse.
   CIP.form.printMirrors(racine)      sous chaque textarea, un bloc visible seulement à
                                      l'impression qui reprend tout le texte (une zone de texte
                                      imprimée garde sa hauteur à l'écran et coupe le reste) ;
                                      de même après chaque ligne de texte et chaque date d'un
                                      formulaire (coupées à la largeur du champ ; la date écrite
                                      jj/mm/aaaa quelle que soit la langue du navigateur) ;
                                      tenu à jour à la saisie, au remplissage et avant impression.
   CIP.form.attach(form, options)     branche un formulaire et renvoie son contrôleur.
     options : format (« referentiel-cip/grille »), cle, version, site (CIP.site.espace),
       status (zone des messages ; défaut : [role=status] du formulaire), onChange(form),
       extras() (champs ajoutés à l'enveloppe), fileName (texte ou fonction qui le
       renvoie ; défaut : cle + « .json »),
       legacyKey (ancienne clé à relire une fois), confirm(question) (défaut : window.confirm).
     Boutons reconnus dans le formulaire : data-action="exporter", "effacer", "imprimer", et
       <input type="file" data-action="importer">.
     contrôleur : key, save() → null ou message, restore(), exportFile(), importFile(file) →
       Promise du message affiché, clear(), print().
   Plusieurs onglets de la même page : chaque enregistrement relit ce qui est enregistré et n'y
   écrit que les champs changés dans cet onglet (fusion champ par champ) ; ce qu'un autre
   onglet enregistre s'affiche aussitôt (évènement storage). Un formulaire branché porte
   data-cip-pret (voir CIP.panne, cip.js). */
(function (CIP) {
  "use strict";

  var form = {};

  function copie(valeurs) { return Object.assign({}, valeurs); }

  function poser(valeurs, nom, valeur) {
    if (valeur === undefined) delete valeurs[nom];
    else valeurs[nom] = valeur;
  }

  form.fields = function (f) {
    return Array.prototype.filter.call(f.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "button" && el.type !== "submit";
    });
  };

  form.read = function (f) {
    var valeurs = {};
    form.fields(f).forEach(function (el) {
      if (el.type === "radio") {
        if (el.checked) valeurs[el.name] = el.value;
      } else if (el.type === "checkbox") {
        if (el.checked) valeurs[el.name] = true;
      } else if (el.value !== "") {
        valeurs[el.name] = el.value;
      }
    });
    return valeurs;
  };

  form.fill = function (f, valeurs) {
    var v = valeurs || {};
    form.fields(f).forEach(function (el) {
      var x = Object.prototype.hasOwnProperty.call(v, el.name) ? v[el.name] : undefined;
      if (el.type === "radio") el.checked = x === el.value;
      else if (el.type === "checkbox") el.checked = x === true;
      else if (el.value !== (typeof x === "string" ? x : "")) el.value = typeof x === "string" ? x : "";
    });
    form.printMirrors(f);
  };

  form.isEmpty = function (valeurs) {
    return !valeurs || Object.keys(valeurs).length === 0;
  };

  /* Lignes de texte et dates d'un formulaire (pas la recherche du site) : imprimées, elles
     coupent ce qui dépasse la largeur du champ, et la date suit la langue du navigateur. */
  var LIGNES = {text: true, email: true, tel: true, number: true, date: true};

  function imprimable(el) {
    if (!el || !el.tagName) return false;
    if (el.tagName === "TEXTAREA") return true;
    return el.tagName === "INPUT" && LIGNES[el.type] === true && !!el.form &&
      !el.form.classList.contains("md-search__form");
  }

  function texte(zone) {
    var date = zone.type === "date" && /^(\d{4,})-(\d{2})-(\d{2})$/.exec(zone.value);
    return date ? date[3] + "/" + date[2] + "/" + date[1] : zone.value;
  }

  function mirror(zone) {
    var bloc = zone.nextElementSibling;
    if (!bloc || !bloc.classList.contains("cip-impression")) {
      bloc = document.createElement("div");
      bloc.className = "cip-impression" +
        (zone.tagName === "INPUT" ? " cip-impression--ligne" : "");
      bloc.setAttribute("aria-hidden", "true");
      zone.insertAdjacentElement("afterend", bloc);
      zone.classList.add("cip-ecran");
    }
    bloc.textContent = texte(zone);
  }

  form.printMirrors = function (racine) {
    (racine || document).querySelectorAll("textarea, input").forEach(function (el) {
      if (imprimable(el)) mirror(el);
    });
  };

  window.addEventListener("beforeprint", function () { form.printMirrors(document); });
  document.addEventListener("input", function (ev) {
    if (imprimable(ev.target)) mirror(ev.target);
  });

  function Controller(f, options) {
    this.form = f;
    this.options = options;
    this.attendu = {format: options.format, cle: options.cle, version: options.version};
    this.key = CIP.storage.prefix(options.site || CIP.site.espace, options.version) +
      options.format.split("/").pop() + ":" + options.cle;
    this.status = options.status || f.querySelector("[role=status]");
    this.lastError = null;
    this.base = {}; // les réponses enregistrées telles que cet onglet les a lues ou écrites
  }

  Controller.prototype.say = function (texte) {
    CIP.announce(this.status, texte);
    return texte;
  };

  Controller.prototype.changed = function () {
    if (this.options.onChange) this.options.onChange(this.form);
  };

  Controller.prototype.envelope = function (valeurs) {
    return CIP.storage.envelope(this.options.format, this.options.cle, this.options.version,
      valeurs || form.read(this.form), this.options.extras ? this.options.extras() : {});
  };

  /* Les réponses enregistrées maintenant (un autre onglet a pu les changer) ; celles que cet
     onglet connaît si elles sont illisibles ou d'une autre version. */
  Controller.prototype.stored = function (doc) {
    if (doc === null) return {};
    var verdict = CIP.storage.check(doc, this.attendu);
    return verdict.ok && String(doc.version) === String(this.options.version) ?
      verdict.valeurs : copie(this.base);
  };

  /* Fusion champ par champ avec ce qui est enregistré : un champ changé dans cet onglet depuis
     la dernière lecture garde sa valeur ; les autres prennent celle de l'enregistrement (écrite
     par un autre onglet). Jamais un état entier à la place d'un autre. */
  Controller.prototype.merge = function (enregistre) {
    var local = form.read(this.form), base = this.base, res = {
      valeurs: copie(enregistre), affiche: copie(local), mien: false, autre: false};
    Object.keys(Object.assign({}, local, base, enregistre)).forEach(function (nom) {
      if (local[nom] !== base[nom]) {
        res.mien = true;
        poser(res.valeurs, nom, local[nom]);
      } else if (enregistre[nom] !== base[nom]) {
        res.autre = true;
        poser(res.affiche, nom, enregistre[nom]);
      }
    });
    return res;
  };

  Controller.prototype.show = function (fusion) {
    if (!fusion.autre) return;
    form.fill(this.form, fusion.affiche);
    this.changed();
  };

  Controller.prototype.save = function () {
    var lu = this.storedDoc();
    var fusion = this.merge(lu.ok ? this.stored(lu.value) : copie(this.base));
    this.show(fusion);
    var erreur = CIP.storage.writeJSON(this.key, this.envelope(fusion.valeurs));
    if (!erreur) this.base = fusion.valeurs;
    if (erreur && erreur !== this.lastError) this.say(erreur);
    this.lastError = erreur;
    return erreur;
  };

  /* Un autre onglet a enregistré (évènement storage) : ses changements s'affichent ici, sans
     toucher à ce qui a été modifié dans cet onglet. */
  Controller.prototype.otherTab = function (texte) {
    var doc = null;
    try {
      doc = texte === null ? null : JSON.parse(texte);
    } catch (e) {
      return;
    }
    var fusion = this.merge(this.stored(doc));
    this.base = this.stored(doc);
    this.show(fusion);
    if (fusion.autre) this.say("Réponses mises à jour depuis un autre onglet de cette page.");
    if (fusion.mien) this.save();
  };

  Controller.prototype.storedDoc = function () {
    var lu = CIP.storage.readJSON(this.key);
    if (lu.ok && lu.value === null && this.options.legacyKey) {
      lu = CIP.storage.readJSON(this.options.legacyKey);
    }
    return lu;
  };

  Controller.prototype.restore = function () {
    var lu = this.storedDoc();
    if (!lu.ok) return this.say(lu.message);
    if (lu.value === null) return null;
    var verdict = CIP.storage.check(lu.value, this.attendu);
    if (!verdict.ok || String(lu.value.version) !== String(this.options.version)) {
      return this.say("Les réponses enregistrées sont illisibles : elles ont été ignorées.");
    }
    form.fill(this.form, verdict.valeurs);
    this.base = copie(verdict.valeurs);
    this.changed();
    var quand = new Date(lu.value.enregistre_le);
    return this.say("Réponses retrouvées" + (isNaN(quand.getTime()) ? "." :
      " (enregistrées le " + quand.toLocaleString("fr-FR") + ")."));
  };

  Controller.prototype.exportFile = function () {
    var choisi = this.options.fileName;
    var nom = CIP.files.downloadJSON(this.envelope(), (typeof choisi === "function" ?
      choisi.call(this) : choisi) || this.options.cle + ".json");
    return this.say("Réponses exportées dans le fichier « " + nom + " ».");
  };

  Controller.prototype.ask = function (question) {
    var confirmer = this.options.confirm || function (q) { return window.confirm(q); };
    return confirmer(question);
  };

  Controller.prototype.apply = function (lu) {
    if (lu.error) return this.say("Import impossible : " + lu.error);
    var verdict = CIP.storage.check(lu.data, this.attendu, lu.name);
    if (!verdict.ok) return this.say(verdict.message);
    var actuelles = !form.isEmpty(form.read(this.form));
    if (verdict.vide && !actuelles) {
      return this.say("« " + lu.name + " » ne contient aucune réponse : rien n'a été importé.");
    }
    if (actuelles || verdict.avertissement) {
      var question = (verdict.avertissement ? verdict.avertissement + "\n\n" : "") +
        (verdict.vide ? "L'importer effacerait toutes vos réponses actuelles. Continuer ?"
          : actuelles ? "Remplacer vos réponses actuelles par celles de « " + lu.name + " » ?"
            : "Importer quand même les réponses de « " + lu.name + " » ?");
      if (!this.ask(question)) return this.say("Import annulé : vos réponses n'ont pas changé.");
    }
    form.fill(this.form, verdict.valeurs);
    this.changed();
    var erreur = CIP.storage.writeJSON(this.key, this.envelope());
    if (!erreur) this.base = form.read(this.form);
    this.lastError = erreur;
    if (erreur) {
      return this.say("Réponses de « " + lu.name + " » affichées mais pas enregistrées dans ce " +
        "navigateur : si vous rechargez la page, vous retrouverez les réponses précédentes. " +
        erreur);
    }
    return this.say("Réponses importées depuis « " + lu.name + " ».");
  };

  Controller.prototype.importFile = function (file) {
    var self = this;
    return CIP.files.readJSON(file).then(function (lu) { return self.apply(lu); });
  };

  Controller.prototype.clear = function () {
    if (!this.ask("Effacer toutes les réponses de cette page dans ce navigateur ?")) {
      return this.say("Rien n'a été effacé.");
    }
    form.fill(this.form, {});
    var erreur = CIP.storage.remove(this.key);
    if (!erreur) this.base = {};
    if (this.options.legacyKey) CIP.storage.remove(this.options.legacyKey);
    this.changed();
    return this.say(erreur || "Réponses effacées.");
  };

  Controller.prototype.print = function () {
    form.printMirrors(document);
    window.print();
  };

  Controller.prototype.wire = function () {
    var self = this, f = this.form;
    f.addEventListener("input", function (ev) {
      if (ev.target.type === "file") return;
      self.save();
      self.changed();
    });
    f.addEventListener("change", function (ev) {
      if (ev.target.dataset.action === "importer") {
        if (ev.target.files.length) self.importFile(ev.target.files[0]);
        ev.target.value = "";
        return;
      }
      self.save();
      self.changed();
    });
    f.addEventListener("click", function (ev) {
      var bouton = ev.target.closest ? ev.target.closest("[data-action]") : null;
      var action = bouton && bouton.dataset.action;
      if (action === "imprimer") self.print();
      else if (action === "exporter") self.exportFile();
      else if (action === "effacer") self.clear();
    });
    f.addEventListener("submit", function (ev) { ev.preventDefault(); });
    window.addEventListener("storage", function (ev) {
      if (ev.key === self.key) self.otherTab(ev.newValue);
    });
  };

  form.attach = function (f, options) {
    var c = new Controller(f, options);
    form.printMirrors(f);
    c.restore();
    c.wire();
    f.setAttribute("data-cip-pret", ""); // les réponses sont enregistrées (cip.js, CIP.panne)
    c.changed();
    return c;
  };

  CIP.form = form;
})(window.CIP = window.CIP || {});

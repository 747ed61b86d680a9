/* CIP.profil : qui remplit, tapé une fois sur cet appareil. Le nom, le rôle (stagiaire,
   formateur ou jury, tuteur, encadrant technique) et la promotion restent dans ce navigateur
   (CIP.storage) ; chaque grille, auto-évaluation et le Dossier professionnel les proposent
   (champs vides remplis, toujours modifiables sur la feuille) et chaque export les enregistre
   avec la variante de la page remplie. Repose sur CIP.storage et CIP.files.

   API
   CIP.profil.ROLES                     [{id, libelle}] des rôles proposés.
   CIP.profil.lire()                    {nom, role, promotion} (chaînes, éventuellement vides).
   CIP.profil.ecrire(profil)            null si enregistré, sinon un message.
   CIP.profil.libelleRole(id)           « Formateur ou jury »… ou "".
   CIP.profil.remplisseur()             {nom, role} à écrire dans un export (« rempli_par »).
   CIP.profil.jour()                    la date du jour, AAAA-MM-JJ (heure locale).
   CIP.profil.nomFichier(debut, personne)
                                        « debut-nom-prenom-AAAA-MM-JJ.json », personne à défaut
                                        le nom du profil (mêmes replis que CIP.files.fileName).
   CIP.profil.panneau(avant, options)   insère avant l'élément « avant » le panneau « Mon
                                        profil » (hors de tout formulaire de réponses) ;
                                        options.onChange(profil) après chaque enregistrement.
   CIP.profil.proposer(form, champs)    remplit les champs vides de form : champs =
                                        {nom du champ: fonction(profil) → texte} ; renvoie le
                                        nombre de champs remplis. */
(function (CIP) {
  "use strict";

  var CLE = CIP.site.espace + ":profil";
  var MAX = 100;
  var profil = {};

  function majuscule(t) { return t.charAt(0).toUpperCase() + t.slice(1); }

  profil.ROLES = [
    {id: "stagiaire", libelle: majuscule(CIP.site.mots.apprenant)},
    {id: "formateur", libelle: CIP.site.mots.evaluateur_final ?
      "Formateur ou " + CIP.site.mots.evaluateur_final : "Formateur"},
    {id: "tuteur", libelle: "Tuteur"},
    {id: "encadrant", libelle: "Encadrant technique"}
  ];

  function propre(v) {
    return typeof v === "string" ? v.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ")
      .trim().slice(0, MAX) : "";
  }

  profil.libelleRole = function (id) {
    for (var i = 0; i < profil.ROLES.length; i++) {
      if (profil.ROLES[i].id === id) return profil.ROLES[i].libelle;
    }
    return "";
  };

  profil.lire = function () {
    var lu = CIP.storage.readJSON(CLE), v = lu.ok && lu.value && typeof lu.value === "object" ?
      lu.value : {};
    var role = propre(v.role);
    return {nom: propre(v.nom), role: profil.libelleRole(role) ? role : "",
            promotion: propre(v.promotion)};
  };

  profil.ecrire = function (p) {
    var role = profil.libelleRole(p.role) ? p.role : "";
    return CIP.storage.writeJSON(CLE, {nom: propre(p.nom), role: role, promotion: propre(p.promotion)});
  };

  profil.remplisseur = function () {
    var p = profil.lire();
    return {nom: p.nom, role: p.role};
  };

  profil.jour = function () {
    var d = new Date();
    var deux = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + deux(d.getMonth() + 1) + "-" + deux(d.getDate());
  };

  profil.nomFichier = function (debut, personne) {
    return CIP.files.fileName([debut, propre(personne) || profil.lire().nom, profil.jour()], ".json");
  };

  profil.proposer = function (form, champs) {
    var p = profil.lire(), n = 0;
    Object.keys(champs).forEach(function (nom) {
      var champ = form.elements[nom], valeur = champs[nom](p);
      if (champ && champ.value === "" && valeur) {
        champ.value = valeur;
        n += 1;
      }
    });
    if (n && CIP.form) CIP.form.printMirrors(form);
    return n;
  };

  function el(tag, attrs, texte) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (texte) e.textContent = texte;
    return e;
  }

  function resume(p) {
    if (!p.nom && !p.role) return "Mon profil (à remplir une fois sur cet appareil)";
    return "Mon profil : " + [p.nom || "nom non indiqué", profil.libelleRole(p.role).toLowerCase()]
      .filter(Boolean).join(", ") + (p.promotion ? " — promotion " + p.promotion : "");
  }

  function ligne(id, libelle, champ) {
    var p = el("p");
    p.appendChild(el("label", {"for": id}, libelle));
    p.appendChild(champ);
    return p;
  }

  function champs(p) {
    var nom = el("input", {type: "text", id: "profil-nom", autocomplete: "name"});
    var role = el("select", {id: "profil-role"});
    role.appendChild(el("option", {value: ""}, "— choisir —"));
    profil.ROLES.forEach(function (r) { role.appendChild(el("option", {value: r.id}, r.libelle)); });
    var promo = el("input", {type: "text", id: "profil-promotion", autocomplete: "off"});
    nom.value = p.nom;
    role.value = p.role;
    promo.value = p.promotion;
    return {nom: nom, role: role, promotion: promo};
  }

  profil.panneau = function (avant, options) {
    var p = profil.lire(), f = champs(p);
    var details = el("details", {"class": "cip-profil"});
    if (!p.nom) details.open = true;
    var titre = el("summary", {}, resume(p));
    var etat = el("p", {"class": "cip-profil-etat", role: "status", "aria-live": "polite"});
    details.appendChild(titre);
    details.appendChild(el("p", {"class": "cip-profil-aide"}, "Tapé une fois, il remplit les " +
      "champs vides de chaque grille" + (CIP.site.dossier_professionnel ?
        " et du Dossier professionnel" : "") + " (modifiables sur chaque feuille) " +
      "et il est écrit dans chaque fichier exporté. Il reste dans ce navigateur."));
    details.appendChild(ligne("profil-nom", "Nom et prénom", f.nom));
    details.appendChild(ligne("profil-role", "Je suis", f.role));
    details.appendChild(ligne("profil-promotion", "Promotion", f.promotion));
    details.appendChild(etat);
    function enregistrer() {
      var nouveau = {nom: f.nom.value, role: f.role.value, promotion: f.promotion.value};
      var erreur = profil.ecrire(nouveau);
      titre.textContent = resume(profil.lire());
      CIP.announce(etat, erreur || "Profil enregistré dans ce navigateur.");
      if (!erreur && options && options.onChange) options.onChange(profil.lire());
    }
    [f.nom, f.role, f.promotion].forEach(function (c) { c.addEventListener("change", enregistrer); });
    avant.parentNode.insertBefore(details, avant);
    return details;
  };

  CIP.profil = profil;
})(window.CIP = window.CIP || {});

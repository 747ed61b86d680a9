/* CIP.files : fichiers de l'utilisateur, sans serveur. Les fichiers produits sont de vrais
   téléchargements (lien « download »), jamais un JSON brut ouvert dans un onglet ; les fichiers
   lus arrivent par <input type="file"> et FileReader (fetch() ne lit rien depuis file://).
   Aucune fonction ne lève d'exception ni ne rejette sa promesse : les échecs sont des messages.

   API
   CIP.files.MAX_BYTES                      taille maximale d'un fichier lu (5 Mo).
   CIP.files.download(texte, nom[, type])   télécharge texte sous le nom donné ; renvoie nom.
   CIP.files.downloadJSON(objet, nom)       idem, JSON indenté.
   CIP.files.fileName(parties, extension)   nom de fichier sûr fait des parties non vides, en
                                            minuscules sans accents, reliées par « - »
                                            (« Élodie N'Diaye » → « elodie-n-diaye »).
   CIP.files.readText(file[, max])          Promise de {name, text} ou {name, error}.
   CIP.files.readJSON(file[, max])          Promise de {name, data} ou {name, error}.
   CIP.files.readAll(files[, max[, barre]]) Promise d'un tableau de {name, data} / {name, error},
                                            un par fichier, dans l'ordre : un fichier illisible
                                            n'empêche pas de lire les autres. barre : un
                                            <progress> tenu à jour pendant la lecture (une
                                            vingtaine de pas au plus, pour ne pas redessiner la
                                            page à chaque fichier), montré dès 2 fichiers, caché
                                            à la fin.
   CIP.files.csvCell(valeur)                une cellule CSV : guillemets si besoin, et une
                                            apostrophe devant un texte commençant par = + - @,
                                            tabulation ou retour chariot (injection de formule).
   CIP.files.toCSV(lignes)                  tableau de tableaux → texte CSV pour un tableur
                                            français : BOM UTF-8, séparateur « ; », fins de ligne
                                            CRLF. À télécharger avec le type text/csv. */
(function (CIP) {
  "use strict";

  var files = {MAX_BYTES: 5 * 1024 * 1024};

  function taille(octets) {
    return octets >= 1024 * 1024 ? (octets / (1024 * 1024)).toFixed(1).replace(".", ",") + " Mo"
      : Math.ceil(octets / 1024) + " ko";
  }

  files.download = function (texte, nom, type) {
    var blob = new Blob([texte], {type: type || "application/octet-stream"});
    var lien = document.createElement("a");
    lien.href = URL.createObjectURL(blob);
    lien.download = nom;
    lien.style.display = "none";
    document.body.appendChild(lien);
    lien.click();
    lien.remove();
    setTimeout(function () { URL.revokeObjectURL(lien.href); }, 1000);
    return nom;
  };

  files.downloadJSON = function (objet, nom) {
    return files.download(JSON.stringify(objet, null, 2) + "\n", nom, "application/json");
  };

  files.fileName = function (parties, extension) {
    var propres = parties.map(function (partie) {
      return String(partie || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
        .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60)
        .replace(/-+$/, "");
    }).filter(function (partie) { return partie; });
    return propres.join("-") + extension;
  };

  files.readText = function (file, max) {
    var limite = max || files.MAX_BYTES;
    var nom = file && file.name ? file.name : "fichier";
    return new Promise(function (resolve) {
      if (!file || typeof file.size !== "number") {
        resolve({name: nom, error: "« " + nom + " » n'est pas un fichier lisible."});
        return;
      }
      if (file.size > limite) {
        resolve({name: nom, error: "« " + nom + " » est trop gros (" + taille(file.size) +
          ", au plus " + taille(limite) + ")."});
        return;
      }
      var lecteur = new FileReader();
      lecteur.onload = function () { resolve({name: nom, text: String(lecteur.result)}); };
      lecteur.onerror = function () {
        resolve({name: nom, error: "« " + nom + " » n'a pas pu être lu."});
      };
      try {
        lecteur.readAsText(file, "utf-8");
      } catch (e) {
        resolve({name: nom, error: "« " + nom + " » n'a pas pu être lu."});
      }
    });
  };

  files.readJSON = function (file, max) {
    return files.readText(file, max).then(function (lu) {
      if (lu.error) return lu;
      try {
        return {name: lu.name, data: JSON.parse(lu.text.replace(/^\uFEFF/, ""))};
      } catch (e) {
        return {name: lu.name, error: "« " + lu.name + " » n'est pas un fichier JSON valide."};
      }
    });
  };

  files.readAll = function (liste, max, barre) {
    var n = liste ? liste.length : 0, lus = 0, pas = Math.max(1, Math.ceil(n / 20));
    if (barre) {
      barre.max = n || 1;
      barre.value = 0;
      barre.hidden = n < 2;
    }
    return Promise.all(Array.prototype.map.call(liste || [], function (f) {
      return files.readJSON(f, max).then(function (lu) {
        lus += 1;
        if (barre && (lus % pas === 0 || lus === n)) barre.value = lus;
        return lu;
      });
    })).then(function (tous) {
      if (barre) barre.hidden = true;
      return tous;
    });
  };

  files.csvCell = function (valeur) {
    if (valeur === null || valeur === undefined) return "";
    if (typeof valeur === "number" || typeof valeur === "boolean") return String(valeur);
    var texte = String(valeur);
    if (/^[=+\-@\t\r]/.test(texte)) texte = "'" + texte;
    if (/[";\r\n]/.test(texte) || /^\s|\s$/.test(texte)) {
      texte = '"' + texte.replace(/"/g, '""') + '"';
    }
    return texte;
  };

  files.toCSV = function (lignes) {
    return "\uFEFF" + (lignes || []).map(function (ligne) {
      return ligne.map(files.csvCell).join(";");
    }).join("\r\n") + "\r\n";
  };

  CIP.files = files;
})(window.CIP = window.CIP || {});

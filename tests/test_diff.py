"""``python -m generator diff --from DIR --to DIR`` and the comparison engine behind it.

Each case is the base test framework, copied and then modified as an author would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.cli import main
from generator.diff import compare_frameworks
from generator.pipeline import validate_framework

from .conftest import CASES, assemble_case
from .site_helpers import BASE_FRAMEWORK, squash


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(BASE_FRAMEWORK, target)
    return target


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _diff(capsys, avant: Path, apres: Path) -> tuple[int, str, str]:
    code = main(["diff", "--from", str(avant), "--to", str(apres)])
    out, err = capsys.readouterr()
    return code, out, err


def test_identical_frameworks(tmp_path, capsys) -> None:
    code, out, err = _diff(capsys, BASE_FRAMEWORK, _copy(tmp_path, "copie"))
    assert (code, out, err) == (0, "Aucune différence.\n", "")


def test_added_competence_and_criterion(tmp_path, capsys) -> None:
    apres = _copy(tmp_path, "apres")
    cp02 = _read(apres / "competences" / "cp02.yml")
    critere = {"id": "cp03-c1", "libelle": "La veille est organisée", "statut": "propose"}
    new = dict(cp02, id="cp03", numero=3, intitule="Exercer une veille informationnelle",
               criteres=[critere])
    _write(apres / "competences" / "cp03.yml", new)
    code, out, err = _diff(capsys, BASE_FRAMEWORK, apres)
    assert code == 0, err
    assert out.splitlines() == [
        "Compétences :",
        "  ajout cp03 « Exercer une veille informationnelle »",
        "",
        "Critères :",
        "  ajout cp03-c1 « La veille est organisée »",
        "",
        "2 ajouts, 0 suppression, 0 modification.",
    ]


def test_removed_criterion(tmp_path, capsys) -> None:
    avant = _copy(tmp_path, "avant")
    apres = _copy(tmp_path, "apres")
    cp01 = _read(apres / "competences" / "cp01.yml")
    removed = cp01["criteres"].pop()
    _write(apres / "competences" / "cp01.yml", cp01)
    code, out, err = _diff(capsys, avant, apres)
    assert code == 0, err
    assert out.splitlines() == [
        "Critères :",
        f"  suppression {removed['id']} « {squash(removed['libelle'])} »",
        "",
        "0 ajout, 1 suppression, 0 modification.",
    ]
    # And the other way round, it is an addition.
    code, out, _ = _diff(capsys, apres, avant)
    assert f"  ajout {removed['id']} « {squash(removed['libelle'])} »" in out.splitlines()


def test_reworded_texts_are_shown_old_then_new(tmp_path, capsys) -> None:
    apres = _copy(tmp_path, "apres")
    path = apres / "competences" / "cp01.yml"
    cp01 = _read(path)
    old_intitule, old_libelle = cp01["intitule"], cp01["criteres"][0]["libelle"]
    cp01["intitule"] = "Informer chaque personne sur les ressources de l'insertion"
    cp01["criteres"][0]["libelle"] = "Les informations données sont exactes"
    _write(path, cp01)
    ccp = _read(apres / "ccp" / "ccp1.yml")
    ccp["intitule"] = ccp["intitule"] + " avec elle"
    _write(apres / "ccp" / "ccp1.yml", ccp)
    code, out, err = _diff(capsys, BASE_FRAMEWORK, apres)
    assert code == 0, err
    critere_id = cp01["criteres"][0]["id"]
    old_ccp = _read(BASE_FRAMEWORK / "ccp" / "ccp1.yml")["intitule"]
    assert out.splitlines() == [
        "CCP :",
        f"  modification ccp1 « {squash(ccp['intitule'])} »",
        f"    intitule : « {squash(old_ccp)} » → « {squash(ccp['intitule'])} »",
        "",
        "Compétences :",
        f"  modification cp01 « {cp01['intitule']} »",
        f"    intitule : « {squash(old_intitule)} » → « {cp01['intitule']} »",
        "",
        "Critères :",
        f"  modification {critere_id} « {cp01['criteres'][0]['libelle']} »",
        f"    libelle : « {squash(old_libelle)} » → « {cp01['criteres'][0]['libelle']} »",
        "",
        "0 ajout, 0 suppression, 3 modifications.",
    ]


def test_refolding_a_text_is_not_a_change(tmp_path, capsys) -> None:
    """A text broken over two lines says the same (a title cannot hold a line break: the
    schema refuses it, so the description is refolded)."""
    apres = _copy(tmp_path, "apres")
    path = apres / "competences" / "cp02.yml"
    text = path.read_text(encoding="utf-8")
    texte = _read(path)["description"]["texte"]
    words = texte.split()
    folded = " ".join(words[:4]) + "\n    " + " ".join(words[4:])
    text = text.replace(f"  texte: {texte}", f"  texte: |-\n    {folded}")
    path.write_text(text, encoding="utf-8")
    assert _read(path)["description"]["texte"] == (
        " ".join(words[:4]) + "\n" + " ".join(words[4:]))
    code, out, _ = _diff(capsys, BASE_FRAMEWORK, apres)
    assert (code, out) == (0, "Aucune différence.\n")


def test_engine_is_a_pure_function_of_two_models(tmp_path) -> None:
    apres = _copy(tmp_path, "apres")
    (apres / "outils" / "grille-positionnement.yml").unlink()
    for name in ("parcours/accueil.yml", "parcours/sortie.yml"):
        data = _read(apres / name)
        if "grille-positionnement" in data.get("outils", []):
            data["outils"].remove("grille-positionnement")
            if not data["outils"]:
                del data["outils"]
        _write(apres / name, data)
    before = validate_framework(BASE_FRAMEWORK).framework
    after = validate_framework(apres).framework
    assert before is not None and after is not None, validate_framework(apres).diagnostics
    changes = compare_frameworks(before, after)
    assert ("outil", "grille-positionnement", "suppression") in {
        (c.type, c.id, c.nature) for c in changes}
    assert compare_frameworks(before, after) == changes  # same input, same output
    assert compare_frameworks(after, after) == []


def test_invalid_folder_gives_its_diagnostics_and_exit_1(tmp_path, capsys) -> None:
    case = CASES / "invalid" / "dangling-reference"
    framework = assemble_case(case, tmp_path)
    code, out, err = _diff(capsys, BASE_FRAMEWORK, framework)
    assert code == 1
    assert out == ""
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert err.replace(str(framework), "framework") == expected


def test_missing_folder_is_a_usage_error(tmp_path, capsys) -> None:
    code, out, err = _diff(capsys, BASE_FRAMEWORK, tmp_path / "absent")
    assert code == 2
    assert "dossier du référentiel introuvable" in err


def test_versions_of_the_title_reuse_the_engine(tmp_path) -> None:
    """A former version where cp02 sat in another CCP and cp01 was split in two."""
    from generator.evolutions import evolutions

    framework = _copy(tmp_path, "versions")
    (framework / "versions").mkdir()
    cp01 = _read(framework / "competences" / "cp01.yml")
    cp02 = _read(framework / "competences" / "cp02.yml")
    _write(framework / "versions" / "titre-2018.yml", {
        "id": "titre-2018", "annee": "2018", "texte": "Arrêté de test",
        "ccp": [
            {"numero": 1, "intitule": "Ancien CCP 1", "competences": [
                {"intitule": "Première moitié", "correspond_a": "cp01"},
                {"intitule": "Seconde moitié", "correspond_a": "cp01"},
                {"intitule": "Compétence disparue"}]},
            {"numero": 2, "intitule": "Ancien CCP 2", "competences": [
                {"intitule": cp02["intitule"] + ".", "correspond_a": "cp02"}]},
        ],
        "sources": ["arrete-2023"], "confiance": "C",
    })
    validation = validate_framework(framework)
    assert validation.framework is not None, validation.diagnostics
    (evo,) = evolutions(validation.framework)
    assert [c.id for c in evo.deplacees] == ["cp02"]
    assert evo.deplacees[0].champ("ccp").avant == "CCP 2"
    assert evo.renommees == []  # only the final period differs for cp02
    assert [c.id for c in evo.regroupees] == ["cp01"]
    assert evo.regroupees[0].champ("intitule").avant == ("Première moitié", "Seconde moitié")
    assert evo.regroupees[0].champ("intitule").apres == cp01["intitule"]
    assert [c.avant.libelle for c in evo.retirees] == ["Compétence disparue"]
    assert [c.id for c in evo.ccp_retires] == ["ccp2"]
    assert [c.id for c in evo.ccp_renommes] == ["ccp1"]


def _programme_case(tmp_path: Path, name: str) -> Path:
    return assemble_case(CASES / "valid" / "programme-seances", tmp_path / name)


def test_sessions_added_removed_reworded_and_moved(tmp_path, capsys) -> None:
    avant = _programme_case(tmp_path, "avant")
    apres = _programme_case(tmp_path, "apres")
    seances = apres / "seances"
    removed = _read(seances / "visite-structure.yml")
    (seances / "visite-structure.yml").unlink()
    accueil = _read(seances / "accueil-promotion.yml")
    old_objectif = accueil["objectifs"][0]
    accueil["objectifs"][0] = old_objectif + " et ses employeurs"
    accueil["ressources"].append("Charte de la promotion")
    _write(seances / "accueil-promotion.yml", accueil)
    reportee = _read(seances / "semaine-reportee.yml")
    old_semaine = reportee["semaine"]
    reportee["semaine"] = 5
    _write(seances / "semaine-reportee.yml", reportee)
    added = dict(reportee, id="bilan-promotion", intitule="Bilan de la promotion",
                 semaine=old_semaine)
    _write(seances / "bilan-promotion.yml", added)
    programme = _read(apres / "programme.yml")
    old_intitule = programme["intitule"]
    programme["intitule"] = old_intitule + " 2026"
    _write(apres / "programme.yml", programme)
    code, out, err = _diff(capsys, avant, apres)
    assert code == 0, err
    assert "error" not in err, err
    assert out.splitlines() == [
        "Programme :",
        f"  modification promotion-test « {programme['intitule']} »",
        f"    intitule : « {old_intitule} » → « {programme['intitule']} »",
        "",
        "Séances :",
        f"  suppression visite-structure « {removed['intitule']} »",
        f"  modification accueil-promotion « {accueil['intitule']} »",
        f"    objectifs : « {old_objectif} » → « {accueil['objectifs'][0]} »",
        "    ressources : ajouté « Charte de la promotion »",
        f"  modification semaine-reportee « {reportee['intitule']} »",
        f"    semaine : « {old_semaine} » → « 5 »",
        "  ajout bilan-promotion « Bilan de la promotion »",
        "",
        "1 ajout, 1 suppression, 3 modifications.",
    ]


def test_a_programme_and_its_sessions_added_to_a_framework(tmp_path, capsys) -> None:
    apres = _programme_case(tmp_path, "apres")
    code, out, err = _diff(capsys, BASE_FRAMEWORK, apres)
    assert code == 0, err
    lines = out.splitlines()
    programme = _read(apres / "programme.yml")
    seances = {p.stem: _read(p) for p in (apres / "seances").glob("*.yml")}
    assert lines[:3] == [
        "Programme :", f"  ajout {programme['id']} « {programme['intitule']} »", ""]
    assert lines[3] == "Séances :"
    assert sorted(lines[4:4 + len(seances)]) == sorted(
        f"  ajout {ident} « {s['intitule']} »" for ident, s in seances.items())
    assert lines[4 + len(seances):] == ["", f"{len(seances) + 1} ajouts, 0 suppression, "
                                        "0 modification."]
    # And the other way round, everything is removed.
    code, out, _ = _diff(capsys, apres, BASE_FRAMEWORK)
    assert out.splitlines()[-1] == f"0 ajout, {len(seances) + 1} suppressions, 0 modification."


def test_every_field_of_a_session_is_compared(tmp_path) -> None:
    avant = _programme_case(tmp_path, "avant")
    apres = _programme_case(tmp_path, "apres")
    path = apres / "seances" / "accueil-promotion.yml"
    seance = _read(path)
    seance.update(date="2026-09-15", duree=4, lieu="terrain", formateur={"acteur": "cip"},
                  intervenants=["Tutrice de la structure"],
                  deroule=[{"titre": "Tour de table", "duree": 240}], competences=["cp01"],
                  criteres=["cp01-c1"], grilles=[{"competence": "cp01"}],
                  ressources=["Livret d'accueil"])
    del seance["outils"]
    _write(path, seance)
    path = apres / "programme.yml"
    programme = _read(path)
    programme["debut"]["date"] = "2026-09-14"
    programme["duree"]["semaines"] = 16
    programme["rythme"]["terrain"] = 2
    programme["exceptions"].pop()
    _write(path, programme)
    before = validate_framework(avant).framework
    validation = validate_framework(apres)
    assert validation.framework is not None, validation.diagnostics
    changes = {(c.type, c.id): c for c in compare_frameworks(before, validation.framework)}
    assert set(changes) == {("seance", "accueil-promotion"), ("programme", "promotion-test")}
    assert [c.champ for c in changes["seance", "accueil-promotion"].champs] == [
        "date", "duree", "lieu", "formateur", "intervenants", "deroule", "competences",
        "criteres", "outils", "grilles", "ressources"]
    assert [c.champ for c in changes["programme", "promotion-test"].champs] == [
        "debut", "duree", "rythme", "exceptions"]


def test_bidi_overrides_never_reach_the_terminal(tmp_path, capsys) -> None:
    """The schema accepts a right-to-left override (U+202E) in a title: the diff shows it as
    an escape, so that it cannot reverse what the terminal displays."""
    apres = _copy(tmp_path, "apres")
    path = apres / "competences" / "cp01.yml"
    cp01 = _read(path)
    old = cp01["intitule"]
    cp01["intitule"] = "Informer \u202etnemelbuod\u202c les personnes \u2067isolées\u2069"
    _write(path, cp01)
    code, out, err = _diff(capsys, BASE_FRAMEWORK, apres)
    assert (code, err) == (0, "")
    shown = "Informer \\u202etnemelbuod\\u202c les personnes \\u2067isolées\\u2069"
    assert out.splitlines() == [
        "Compétences :",
        f"  modification cp01 « {shown} »",
        f"    intitule : « {squash(old)} » → « {shown} »",
        "",
        "0 ajout, 0 suppression, 1 modification.",
    ]
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in out)

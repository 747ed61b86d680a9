"""A framework whose tools aim at the compétences of a linked framework (titre.yml's
« referentiels_lies », a tool's « competences_visees »), with the small linked framework
tests/referentiels/lie-mini (one bloc, two compétences): the reference resolved and shown on the
tool's page, its fillable form and its print sheets; the exports carrying the association;
diff and synth still working. The invalid references are cases of tests/cases/ (lien-*,
ref-visee-*), each with its expected diagnostics."""

from __future__ import annotations

import html
import json
import re
import uuid
from pathlib import Path, PurePosixPath

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.export import case, donnees
from generator.pipeline import validate_framework
from generator.render import render_site
from generator.synth import synth_files
from generator.visees import visees

from .conftest import CASES, ROOT, assemble_case

CASE = CASES / "valid" / "referentiel-lie"
CASE_SCHEMA = ROOT / "generator" / "schemas" / "externes" / "case-v1p0-cfpackage-schema.json"
EXPORT_SCHEMA = ROOT / "generator" / "schemas" / "export" / "referentiel-cip.schema.json"
OUTIL = "grille-positionnement"


def _assemble(tmp_path: Path, edit=None) -> Path:
    framework = assemble_case(CASE, tmp_path)
    if edit:
        edit(tmp_path)
    return framework


def _framework(tmp_path: Path, edit=None):
    validation = validate_framework(_assemble(tmp_path, edit), "framework")
    assert [d.format() for d in validation.diagnostics] == []
    assert validation.framework is not None
    return validation.framework


def _yaml_edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _outil(fw):
    return next(o for o in fw.outils if o.id == OUTIL)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- the reference, resolved ----------------------------------------------------------------------

def test_a_bloc_reference_stands_for_its_competences_in_the_linked_frameworks_order(
        tmp_path) -> None:
    fw = _framework(tmp_path)
    assert [i for i, _ in fw.lies] == ["lie-mini"]
    (groupe,) = visees(fw, _outil(fw))
    assert groupe.nom == "CAP DEMO"
    assert [c.cle for c in groupe.competences] == ["lie-mini:soins", "lie-mini:jeux"]
    soins = groupe.competences[0]
    assert groupe.contexte(soins) == ("Bloc de compétences 1 : Accompagner le développement du "
                                      "jeune enfant")
    assert [(c.numero, c.propose, [s.id for s in c.sources]) for c in soins.criteres] == [
        ("C1", False, ["arrete-demo"]), ("C2", True, [])]


def test_a_competence_reference_aims_at_that_competence_alone(tmp_path) -> None:
    def edit(root: Path) -> None:
        _yaml_edit(root / "framework" / "outils" / f"{OUTIL}.yml",
                   lambda d: d.update(competences_visees=["lie-mini:jeux"]))

    fw = _framework(tmp_path, edit)
    (groupe,) = visees(fw, _outil(fw))
    assert [c.competence.id for c in groupe.competences] == ["jeux"]


# -- the pages and the print sheets ---------------------------------------------------------------

def _rendered(fw):
    rendered = render_site(fw, [])  # the PDFs' HTML too (made into PDFs by the build only)
    pages = {str(p): html.unescape(text) for p, text in rendered.pages.items()}
    impressions = {str(i.path): i for i in rendered.impressions}
    return pages, impressions


def _page(pages: dict[str, str], end: str) -> str:
    return next(text for path, text in pages.items() if path.endswith(end))


def test_the_tool_page_shows_the_linked_competences_with_their_criteria_and_sources(
        tmp_path) -> None:
    pages, _ = _rendered(_framework(tmp_path))
    page = _page(pages, f"outils/{OUTIL}.md")
    section = page[page.index("## Pour un salarié qui prépare le CAP DEMO"):
                   page.index("## Le formulaire")]
    assert "### Bloc de compétences 1 : Accompagner le développement du jeune enfant" in section
    assert "**1. Réaliser les soins du quotidien de l'enfant**" in section
    assert ("- C1. Les règles d'hygiène sont respectées <span class=\"cip-officiel\">critère "
            "officiel</span>") in section
    assert ("- C2. Les gestes sont expliqués à l'enfant <span class=\"cip-propose\">critère "
            "proposé</span>\n") in section
    assert "[Arrêté du CAP DEMO](https://www.legifrance.gouv.fr/" in section
    assert "**2. Mettre en œuvre des activités d'éveil**" in section


def test_the_fillable_form_asks_a_level_and_an_observation_per_linked_competence(
        tmp_path) -> None:
    pages, _ = _rendered(_framework(tmp_path))
    page = _page(pages, f"grilles/outil-{OUTIL}.md")
    start = page.index('<fieldset class="grille-rubrique grille-visees" id="visees-lie-mini"')
    section = page[start:page.index("</fieldset>", page.index('class="grille-aide"', start))]
    assert "<legend>Pour un salarié qui prépare le CAP DEMO</legend>" in section
    # After the rubrique that asks for levels (here the last one: Identification), in the form.
    assert page.index('<form class="grille-remplissable') < start < page.index("</form>")
    for cle in ("lie-mini:soins", "lie-mini:jeux"):
        assert section.count(f'type="radio" name="{cle}"') == 2  # the whole scale
        assert f'name="{cle}:observations"' in section
    assert "critère officiel" in section and "critère proposé" in section
    assert "Source : Arrêté du CAP DEMO" in section
    assert "situez-le aussi sur ses compétences" in section


def test_the_print_sheets_show_the_linked_competences(tmp_path) -> None:
    _, impressions = _rendered(_framework(tmp_path))
    vierge = _text(html.unescape(impressions[f"referentiel/grilles/pdf/outil-{OUTIL}.pdf"].html))
    assert "Pour un salarié qui prépare le CAP DEMO" in vierge
    assert ("Bloc de compétences 1 : Accompagner le développement du jeune enfant 1. Réaliser "
            "les soins du quotidien de l'enfant C1. Les règles d'hygiène sont respectées "
            "(critère officiel) "
            "Source : Arrêté du CAP DEMO." in vierge)
    assert "C2. Les gestes sont expliqués à l'enfant (critère proposé)" in vierge
    remplissable = impressions[f"referentiel/grilles/pdf/outil-{OUTIL}-remplissable.pdf"].html
    assert 'name="lie-mini:soins"' in remplissable
    assert 'name="lie-mini:jeux:observations"' in remplissable


def test_the_certification_is_named_from_the_linked_data(tmp_path) -> None:
    def edit(root: Path) -> None:
        _yaml_edit(root / "lie-mini" / "titre.yml", lambda d: d.update(sigle="BP AUTRE"))

    pages, impressions = _rendered(_framework(tmp_path, edit))
    for text in (_page(pages, f"outils/{OUTIL}.md"), _page(pages, f"grilles/outil-{OUTIL}.md"),
                 impressions[f"referentiel/grilles/pdf/outil-{OUTIL}.pdf"].html):
        assert "Pour un salarié qui prépare le BP AUTRE" in text
        assert "prépare le CAP DEMO" not in text


def test_an_attestation_offers_only_the_mastered_levels(tmp_path) -> None:
    def edit(root: Path) -> None:
        def change(d: dict) -> None:
            d["formulaire"]["rubriques"].insert(1, {"titre": "Compétences attestées", "champs": [
                {"id": "activite-1", "libelle": "Activité 1", "type": "niveau_atteint"}]})
            d["formulaire"]["rubriques"].append({"titre": "Signatures", "champs": [
                {"id": "signature", "libelle": "Signature", "type": "signature"}]})
        _yaml_edit(root / "framework" / "outils" / f"{OUTIL}.yml", change)

    pages, _ = _rendered(_framework(tmp_path, edit))
    page = _page(pages, f"grilles/outil-{OUTIL}.md")
    section = page[page.index('id="visees-lie-mini"'):]
    # After « Compétences attestées », before « Signatures »; only the level « Acquis ».
    assert page.index("<legend>Compétences attestées</legend>") < page.index(
        'id="visees-lie-mini"') < page.index("<legend>Signatures</legend>")
    assert section.count('name="lie-mini:soins" value="acquis"') == 1
    assert 'name="lie-mini:soins" value="non-acquis"' not in section
    assert "attestez aussi ses compétences acquises" in section
    assert "situez-le aussi" not in section


def test_a_framework_without_link_renders_as_before(tmp_path) -> None:
    validation = validate_framework(assemble_case(CASES / "base", tmp_path), "framework")
    assert validation.framework is not None and validation.framework.lies == ()
    pages, impressions = _rendered(validation.framework)
    assert not any("Pour un salarié qui prépare" in text for text in pages.values())
    # Not even the rules of the linked compétences' table: the sheets keep their HTML.
    assert not any('class="criteres visees"' in i.html or ".source-visee" in i.html
                   for i in impressions.values())


# -- exports --------------------------------------------------------------------------------------

def test_case_export_relates_the_tool_to_the_items_of_the_linked_package(tmp_path) -> None:
    fw = _framework(tmp_path)
    package = case.export_data(fw)
    lie = case.export_data(fw.lie("lie-mini"))
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    for data in (package, lie):
        assert list(jsonschema.Draft4Validator(schema).iter_errors(data)) == []
    outil = next(i for i in package["CFItems"] if i["fullStatement"] == _outil(fw).intitule)
    assert "Pour un salarié qui prépare le CAP DEMO" in outil["notes"]
    related = [a for a in package["CFAssociations"] if a["associationType"] == "isRelatedTo"]
    assert [a["originNodeURI"]["identifier"] for a in related] == [outil["identifier"]]
    (association,) = related
    bloc = next(i for i in lie["CFItems"] if i["humanCodingScheme"] == "Bloc de compétences 1")
    assert association["destinationNodeURI"] == {
        "title": bloc["fullStatement"], "identifier": bloc["identifier"], "uri": bloc["uri"]}
    assert association["CFDocumentURI"]["identifier"] == package["CFDocument"]["identifier"]
    # The tool is in the tree of its package; the linked items are not copied into it.
    parents = {a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
               for a in package["CFAssociations"] if a["associationType"] == "isChildOf"}
    assert parents[outil["identifier"]] == package["CFDocument"]["identifier"]
    assert not {i["identifier"] for i in lie["CFItems"]} & {i["identifier"]
                                                           for i in package["CFItems"]}


def test_case_identifiers_are_namespaced_by_framework_the_cip_ones_unchanged() -> None:
    published = uuid.uuid5(uuid.NAMESPACE_URL, "https://schemas.referentiel-cip.invalid/case")
    assert case.espace_de_noms("cip") == case.NAMESPACE == published
    assert case.identifier("item", "cp01", case.espace_de_noms("cap-aepe")) != \
        case.identifier("item", "cp01")


def test_json_export_carries_the_linked_competences(tmp_path) -> None:
    data = donnees.export_data(_framework(tmp_path))
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    assert data["titre"]["referentiels_lies"] == [{"id": "lie-mini", "dossier": "../lie-mini"}]
    assert next(o for o in data["outils"] if o["id"] == OUTIL)["competences_visees"] == [
        "lie-mini:ep1"]
    (lie,) = data["referentiels_lies"]
    assert (lie["id"], lie["sigle"], lie["version"]) == ("lie-mini", "CAP DEMO", "2017")
    assert [c["id"] for c in lie["competences"]] == ["soins", "jeux"]
    assert [c["id"] for c in lie["ccps"]] == ["ep1"]
    assert [s["id"] for s in lie["sources"]] == ["arrete-demo"]


def test_export_cli_of_a_linked_framework(tmp_path, monkeypatch, capsys) -> None:
    _assemble(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "case", "--framework", "framework", "--output",
                 "case.json"]) == 0
    package = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    assert any(a["associationType"] == "isRelatedTo" for a in package["CFAssociations"])


# -- diff, synth, hostile input -------------------------------------------------------------------

def test_diff_between_two_frameworks_with_links(tmp_path, monkeypatch, capsys) -> None:
    avant = tmp_path / "avant"
    apres = tmp_path / "apres"
    assemble_case(CASE, avant)
    assemble_case(CASE, apres)
    _yaml_edit(apres / "framework" / "outils" / f"{OUTIL}.yml",
               lambda d: d.update(competences_visees=["lie-mini:jeux"]))
    soins = apres / "lie-mini" / "competences" / "soins.yml"
    soins.write_text(soins.read_text(encoding="utf-8").replace(
        "Les gestes sont expliqués", "Les gestes sont toujours expliqués"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["diff", "--from", "avant/framework", "--to", "apres/framework"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == (
        "Outils :\n"
        "  modification grille-positionnement « Grille de positionnement à l'entrée »\n"
        "    competences_visees : « lie-mini:ep1 » → « lie-mini:jeux »\n"
        "\n"
        "0 ajout, 0 suppression, 1 modification.\n"
        "\n"
        "Référentiel lié « lie-mini » :\n"
        "Critères :\n"
        "  modification soins-c2 « Les gestes sont toujours expliqués à l'enfant »\n"
        "    libelle : « Les gestes sont expliqués à l'enfant » → « Les gestes sont toujours "
        "expliqués à l'enfant »\n"
        "\n"
        "0 ajout, 0 suppression, 1 modification.\n")


def test_a_link_to_a_file_or_to_itself_is_located(tmp_path, monkeypatch, capsys) -> None:
    framework = _assemble(tmp_path)
    (tmp_path / "pas-un-dossier").write_text("x", encoding="utf-8")
    titre = framework / "titre.yml"
    titre.write_text(titre.read_text(encoding="utf-8").replace("../lie-mini", "../pas-un-dossier")
                     + "  - id: moi\n    dossier: .\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--framework", "framework"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[:2] == [
        "framework/titre.yml:27:14: error[lien.introuvable]: $.referentiels_lies[0].dossier: "
        "référentiel lié « lie-mini » introuvable : pas de dossier « pas-un-dossier »",
        "framework/titre.yml:29:14: error[lien.boucle]: $.referentiels_lies[1].dossier: boucle "
        "de référentiels liés (cip → cip) : un référentiel lié ne peut pas lier en retour celui "
        "qui le lie",
    ]


def test_synth_still_writes_a_valid_framework(tmp_path) -> None:
    for rel, text in synth_files(6).items():
        path = tmp_path / "synth" / PurePosixPath(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert validate_framework(tmp_path / "synth").framework is not None


@pytest.mark.parametrize("folder", sorted(p.name for p in (ROOT / "tests" / "referentiels")
                                          .iterdir() if p.is_dir()))
def test_each_test_linked_framework_is_valid_alone(folder: str) -> None:
    validation = validate_framework(ROOT / "tests" / "referentiels" / folder)
    assert [d.format() for d in validation.diagnostics] == []


def test_the_parts_are_named_by_the_linked_frameworks_vocabulary() -> None:
    from generator.visees import nom_partie

    lie = validate_framework(ROOT / "tests" / "referentiels" / "lie-mini").framework
    assert lie is not None and lie.titre is not None
    assert nom_partie(lie.titre) == "Bloc de compétences"


def test_the_linked_framework_is_read_with_the_same_guards(tmp_path, monkeypatch, capsys) -> None:
    """A link leading out of the linked framework's folder is refused like in framework/."""
    _assemble(tmp_path)
    secret = tmp_path / "secret.yml"
    secret.write_text("id: secret\n", encoding="utf-8")
    (tmp_path / "lie-mini" / "competences" / "fuite.yml").symlink_to(secret)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--framework", "framework"]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines()[:2] == [
        "framework/titre.yml:26:5: error[lien.invalide]: $.referentiels_lies[0]: référentiel lié "
        "« lie-mini » invalide : 1 erreur dans 1 fichier de « lie-mini » (voir ses diagnostics)",
        f"lie-mini/competences/fuite.yml: error[file.special]: lien symbolique vers « {secret} », "
        "hors du dossier du référentiel : remplacez-le par le fichier lui-même",
    ]

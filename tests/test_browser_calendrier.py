"""The calendar's current week, computed in the reader's browser from today's date (the page
clock is set by Playwright), on a phone (390×844) and a laptop (1366×900); and axe on the pages
of the trainer's path on a phone (calendar, coverage, grids index, a compétence page), the
calendar on a laptop too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import AXE_OPTIONS, TIMEOUT_MS, files_only
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
PROGRAMME = yaml.safe_load((REAL_FRAMEWORK / "programme.yml").read_text(encoding="utf-8"))
DEBUT = dt.date.fromisoformat(str(PROGRAMME["debut"]["date"]))
SEMAINES = PROGRAMME["duree"]["semaines"]
VIEWPORTS = {"telephone": (390, 844), "ordinateur": (1366, 900)}
CALENDRIER = "referentiel/programme/index.html"


def lieu(semaine: int) -> str:
    for exception in PROGRAMME.get("exceptions", []):
        if exception["semaine"] == semaine:
            return exception["lieu"]
    rythme = PROGRAMME["rythme"]
    return "ecole" if (semaine - 1) % (rythme["ecole"] + rythme["terrain"]) < rythme["ecole"] \
        else "terrain"


def premiere_semaine(lieu_: str) -> int:
    """A week of that place after the first; for the field, one inside a run of field weeks
    (a grouped row)."""
    notes = {e["semaine"] for e in PROGRAMME.get("exceptions", [])}
    for n in range(2, SEMAINES):
        if lieu(n) == lieu_ and n not in notes:
            if lieu_ != "terrain" or (lieu(n + 1) == "terrain" and n + 1 not in notes):
                return n
    raise AssertionError(f"aucune semaine « {lieu_} » dans le programme")


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def sized(browser: Browser, request) -> Iterator[Page]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                  timezone_id="Europe/Paris")
    context.set_default_timeout(TIMEOUT_MS)
    files_only(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


def open_on(page: Page, site: BuiltSite, day: dt.date) -> None:
    page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, 10, 0))
    page.goto((site.site / CALENDRIER).as_uri())


def current_rows(page: Page):
    return page.locator("article tr.cip-semaine-courante")


@pytest.mark.parametrize("lieu_", ["ecole", "terrain"])
def test_current_week_is_marked_with_text(real_site: BuiltSite, sized: Page, lieu_: str) -> None:
    semaine = premiere_semaine(lieu_)
    day = DEBUT + dt.timedelta(weeks=semaine - 1, days=2)  # a Wednesday
    open_on(sized, real_site, day)
    rows = current_rows(sized)
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_have_attribute("aria-current", "date")
    expect(row).to_contain_text(f"semaine en cours (semaine {semaine})")
    first_cell = row.locator("td").first.inner_text()
    if lieu_ == "terrain":  # inside a grouped row « 5 à 7 »
        assert " à " in first_cell.splitlines()[0]
        expect(row).to_contain_text("Terrain (")
    else:
        assert first_cell.splitlines()[0].strip() == str(semaine)
        expect(row).to_contain_text("École")
    annonce = sized.locator("#cip-aujourdhui")
    expect(annonce).to_be_visible()
    expect(annonce).to_contain_text(f"semaine {semaine} de la promotion")
    sized.get_by_role("link", name="Aller à la semaine en cours").click()
    expect(row).to_be_in_viewport()
    # The marker is text, not only a colour; it is visible on the phone too.
    expect(row.locator(".cip-maintenant").last).to_be_visible()
    width = sized.evaluate("document.documentElement.clientWidth")
    box = row.locator("td").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] < width


def test_week_boundaries_follow_the_date(real_site: BuiltSite, sized: Page) -> None:
    semaine = premiere_semaine("ecole")
    lundi = DEBUT + dt.timedelta(weeks=semaine - 1)
    open_on(sized, real_site, lundi + dt.timedelta(days=6))  # Sunday: still that week
    expect(current_rows(sized).first).to_contain_text(f"semaine en cours (semaine {semaine})")
    sized.clock.set_fixed_time(dt.datetime.combine(lundi + dt.timedelta(days=7),
                                                   dt.time(8, 0)))
    sized.evaluate("CIP.calendrier.marquer()")
    expect(current_rows(sized)).to_have_count(1)
    expect(current_rows(sized).first).to_contain_text(f"(semaine {semaine + 1})")


def test_before_and_after_the_promotion_no_row_is_marked(real_site: BuiltSite,
                                                         sized: Page) -> None:
    open_on(sized, real_site, DEBUT - dt.timedelta(days=10))
    expect(current_rows(sized)).to_have_count(0)
    expect(sized.locator("#cip-aujourdhui")).to_contain_text("n'a pas encore commencé")
    sized.clock.set_fixed_time(dt.datetime.combine(DEBUT + dt.timedelta(weeks=SEMAINES + 2),
                                                   dt.time(9, 0)))
    sized.reload()
    expect(current_rows(sized)).to_have_count(0)
    expect(sized.locator("#cip-aujourdhui")).to_contain_text("est terminée")


# The trainer's path on a phone (the home page: tests/test_terrain.py), and the calendar with
# its week marked on a laptop too (every page at 1366 px: tests/test_browser.py).
PAGES = [("telephone", p) for p in (
    CALENDRIER, "referentiel/programme/couverture.html", "referentiel/grilles/index.html",
    f"referentiel/competences/{REAL.competences[0]['id']}.html" if REAL.competences else "")
] + [("ordinateur", CALENDRIER)]


@pytest.mark.parametrize("sized, path", PAGES, indirect=["sized"],
                         ids=[f"{v}-{p}" for v, p in PAGES])
def test_trainer_pages_have_no_serious_accessibility_problem(real_site: BuiltSite, sized: Page,
                                                             axe, path: str) -> None:
    assert path
    open_on(sized, real_site, DEBUT + dt.timedelta(weeks=1))
    sized.goto((real_site.site / path).as_uri())
    expect(sized.locator("article h1")).to_be_visible()
    results = axe.run(sized, options=AXE_OPTIONS)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(f"{v['id']} ({v['impact']}) : {v['help']} — "
                       + "; ".join(str(n["target"]) for n in v["nodes"][:4]) for v in serious)
    assert not serious, f"{path} :\n{report}"

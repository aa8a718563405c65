"""The import form and a job's page in a real browser (Debian's Chromium through Playwright)
against a real ``miler serve``: several files uploaded, each file's outcome shown, and
axe-core finds no serious or critical violation on either page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from miler.services.stores import AthleteProfile
from miler.store import SqlAthleteStore, open_database

from .conftest import CHROMIUM, CHROMIUM_ARGS, IMAGES, miler_serve
from .test_web_browser import _assert_accessible

FIT = Path(__file__).resolve().parents[1] / "data" / "activities" / "fit"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def test_upload_several_files_and_follow_the_job(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    db = open_database()  # the log of this test's data folder, which miler serve opens too
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id="ann", name="Ann"))
    db.close()
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"this is not a FIT file")
    assert os.environ["MILER_DATA_DIR"]
    with miler_serve() as (process, url), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url)
        page.goto("/imports")
        _assert_accessible(page)
        page.set_input_files(
            "#import-files", [FIT / "runpandas__run.fit", FIT / "slither__running.fit", broken]
        )
        page.click("form.upload button[type=submit]")
        page.wait_for_selector("#job-progress")
        text = page.inner_text("#job-progress")
        assert "3 of 3 files: 1 failed, 2 imported" in text
        assert "broken.fit: failed (broken.fit: " in text
        _assert_accessible(page)
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / "web-import-job.png"), full_page=True)
        browser.close()
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()

"""Production serves static files through whitenoise under hashed names, built by collectstatic."""

import json
import subprocess
import sys

from tests.foundation.test_settings import CLEAN_ENV, PRODUCTION, PROJECT


def test_collectstatic_builds_hashed_files_for_whitenoise(tmp_path):
    env = {**CLEAN_ENV, **PRODUCTION, "DJANGO_VAR_DIR": str(tmp_path)}

    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())["paths"]
    assert manifest["css/site.css"].startswith("css/site.") and manifest["css/site.css"] != "css/site.css"
    assert "vendor/govuk-frontend/govuk-frontend.min.js" in manifest
    assert (tmp_path / "staticfiles" / (manifest["css/site.css"] + ".gz")).exists()


def test_the_built_css_has_no_gov_uk_font_and_the_union_colours():
    css = (PROJECT / "static" / "css" / "site.css").read_text()

    assert "@font-face" not in css
    assert "GDS Transport" not in css
    assert "#4a1d5e" in css

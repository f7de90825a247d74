"""collectstatic hashes the names inside JavaScript module imports too (nasuwt_send/static_storage.py),
so govuk-frontend.min.js is fetched by its hashed name and whitenoise serves it for a year."""

import json
import subprocess
import sys

from tests.foundation.test_settings import CLEAN_ENV, PRODUCTION, PROJECT, django


def test_site_js_imports_govuk_frontend_by_its_hashed_name(tmp_path):
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
    static = tmp_path / "staticfiles"
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    frontend = manifest["vendor/govuk-frontend/govuk-frontend.min.js"]
    site_js = (static / manifest["js/site.js"]).read_text()

    assert frontend != "vendor/govuk-frontend/govuk-frontend.min.js"
    assert f'import {{ initAll }} from "../{frontend}";' in site_js
    assert (static / (manifest["js/site.js"] + ".gz")).exists()  # whitenoise's compressed copy

    # whitenoise treats the hashed name as immutable: a year in the browser's cache.
    check = django(
        "from whitenoise.middleware import WhiteNoiseMiddleware as W; "
        "m = W(lambda r: None); "
        f"print(m.immutable_file_test('', '/static/{frontend}'), m.max_age)",
        {**PRODUCTION, "DJANGO_VAR_DIR": str(tmp_path)},
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.split() == ["True", "60"]  # max_age is for unhashed names only


def test_a_static_url_is_worked_out_once_and_again_after_collectstatic_hashes_afresh(tmp_path):
    from nasuwt_send.static_storage import HashedStaticFilesStorage

    def manifest(hashed: str) -> None:
        paths = {"css/site.css": hashed}
        (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))

    manifest("css/site.1111.css")
    storage = HashedStaticFilesStorage(location=str(tmp_path), base_url="/static/")

    assert storage.url("css/site.css") == "/static/css/site.1111.css"
    storage.hashed_files["css/site.css"] = "css/site.2222.css"  # as collectstatic's hashing leaves it
    assert storage.url("css/site.css") == "/static/css/site.1111.css"  # kept, not worked out again
    assert storage.url("css/site.css", force=True) == "/static/css/site.2222.css"

    storage.save_manifest()

    assert storage.url("css/site.css") == "/static/css/site.2222.css"

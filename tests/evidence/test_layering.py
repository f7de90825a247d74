"""The layering import-linter cannot see: the session is a subpackage of Django, which its contracts
cannot name, so the forms' own imports are read here."""

import ast
from pathlib import Path

import evidence.submissions.forms

FORMS = Path(evidence.submissions.forms.__file__).parent


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_forms_never_import_the_session_or_the_journey():
    for path in sorted(FORMS.glob("*.py")):
        for module in imported_modules(path):
            assert not module.startswith("django.contrib.sessions"), f"{path.name} imports {module}"
            assert module not in ("evidence.submissions.journey", "evidence.submissions.step_forms"), (
                f"{path.name} imports {module}"
            )


def test_it_reads_every_form_module():
    assert {"about.py", "answers.py", "base.py", "contact.py", "sv_dbv.py"} <= {
        path.name for path in FORMS.glob("*.py")
    }

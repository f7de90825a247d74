"""``manage.py evidence_pack``: writes a pack straight to a file, for a theme, an authority or a
programme, and refuses what it does not know."""

import pytest
from django.core.management import CommandError, call_command

from evidence.models import AuditEvent, LocalAuthority
from tests.evidence.publishing.pack_text import docx_text, pdf_pages, pdf_text
from tests.factories import SvDbvAnswerFactory

pytestmark = pytest.mark.django_db


def test_it_writes_a_programme_pack_as_pdf(tmp_path, capsys):
    for _ in range(6):
        SvDbvAnswerFactory(programme="sv")
    out = tmp_path / "sv.pdf"
    call_command("evidence_pack", "--programme", "sv", "--format", "pdf", "--out", str(out))
    content = out.read_bytes()
    assert pdf_pages(content) >= 1
    assert "Evidence on the Safety Valve programme" in pdf_text(content)
    assert "Submissions: 5." in pdf_text(content)
    assert f"Wrote {out}" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MAKE_PACK, actor="").exists()


def test_it_writes_an_authority_pack_as_docx(tmp_path):
    kent = LocalAuthority.objects.get(name="Kent")
    SvDbvAnswerFactory(submission__local_authority=kent)
    out = tmp_path / "kent.docx"
    call_command("evidence_pack", "--authority", kent.gss_code, "--format", "docx", "--out", str(out))
    text = docx_text(out.read_bytes())
    assert "Evidence from Kent" in text
    assert "fewer than 5" in text


def test_it_writes_a_theme_pack(tmp_path):
    out = tmp_path / "banding.docx"
    call_command("evidence_pack", "--theme", "banding", "--format", "docx", "--out", str(out))
    assert "Evidence on" in docx_text(out.read_bytes())


def test_an_unknown_authority_is_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "nowhere.pdf"
    with pytest.raises(CommandError, match="No local authority"):
        call_command("evidence_pack", "--authority", "E99999999", "--format", "pdf", "--out", str(out))
    assert not out.exists()


def test_it_needs_exactly_one_of_theme_authority_or_programme(tmp_path):
    with pytest.raises(CommandError):
        call_command("evidence_pack", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))

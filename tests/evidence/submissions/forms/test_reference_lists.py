"""The authorities and themes the question pages offer are read once per process
(evidence.submissions.forms.reference_lists), and read again as soon as one changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import LocalAuthority, Theme
from evidence.submissions.forms import reference_lists
from tests.factories import local_authority
from tests.journeys import answer_evidence_steps, evidence_answers

pytestmark = pytest.mark.django_db

ABOUT_YOU = "/evidence/send/about-you/"


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def test_about_you_reads_the_authorities_once_for_every_member(client):
    from django.test import Client

    client.get("/evidence/send/")
    first = queries_of(client, ABOUT_YOU)
    other_member = Client()
    other_member.get("/evidence/send/")

    again = queries_of(other_member, ABOUT_YOU)

    assert any("evidence_localauthority" in sql for sql in first)
    assert again == [sql for sql in again if "django_session" in sql]  # the session, nothing else
    assert len(again) == 1


def test_a_theme_step_and_check_your_answers_read_no_themes_or_authorities(client):
    answer_evidence_steps(client, evidence_answers())
    queries_of(client, "/evidence/send/check-your-answers/")  # the lists kept

    read = queries_of(client, "/evidence/send/sv-dbv/") + queries_of(
        client, "/evidence/send/check-your-answers/"
    )

    assert not [sql for sql in read if "evidence_theme" in sql or "evidence_localauthority" in sql]


def test_a_renamed_authority_is_offered_at_once(client):
    client.get("/evidence/send/")
    client.get(ABOUT_YOU)
    kent = local_authority("Kent")
    kent.name = "Kent County Council (renamed)"
    kent.save()

    page = client.get(ABOUT_YOU).content.decode()

    assert f'<option value="{kent.pk}">Kent County Council (renamed)</option>' in page
    assert ">Kent</option>" not in page


def test_a_deleted_authority_is_no_longer_offered(client):
    reference_lists.local_authority_choices()
    unused = LocalAuthority.objects.create(gss_code="E99999999", la_number=9999, name="Nowhere", type="other")
    assert (str(unused.pk), "Nowhere") in reference_lists.local_authority_choices()

    unused.delete()

    assert (str(unused.pk), "Nowhere") not in reference_lists.local_authority_choices()


def test_a_renamed_theme_shows_on_the_themes_step_and_its_own_page(client):
    answers = evidence_answers()
    answer_evidence_steps(client, {"about-you": answers["about-you"], "themes": answers["themes"]})
    client.get("/evidence/send/workload/")
    theme = Theme.objects.get(slug="workload")
    theme.name = "Workload and paperwork"
    theme.save()

    assert "Workload and paperwork" in client.get("/evidence/send/themes/").content.decode()
    assert (
        '<h1 class="govuk-heading-l">Workload and paperwork</h1>'
        in client.get("/evidence/send/workload/").content.decode()
    )


def test_a_change_behind_the_signals_shows_once_lists_changed_is_called():
    reference_lists.local_authority_choices()
    LocalAuthority.objects.filter(name="Kent").update(name="Kent (updated in bulk)")
    assert "Kent (updated in bulk)" not in reference_lists.local_authority_choices().labels.values()

    reference_lists.lists_changed()

    assert "Kent (updated in bulk)" in reference_lists.local_authority_choices().labels.values()


def test_a_version_missing_from_the_cache_means_reading_again_never_a_stale_list():
    reference_lists.local_authority_choices()
    LocalAuthority.objects.filter(name="Kent").update(name="Kent (while the cache was lost)")

    cache.delete(reference_lists.VERSION_KEY)

    assert "Kent (while the cache was lost)" in reference_lists.local_authority_choices().labels.values()


def test_a_list_is_read_again_after_its_maximum_age(monkeypatch):
    reference_lists.local_authority_choices()
    LocalAuthority.objects.filter(name="Kent").update(name="Kent (a bump lost)")
    later = reference_lists.time.monotonic() + reference_lists.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(reference_lists.time, "monotonic", lambda: later)

    assert "Kent (a bump lost)" in reference_lists.local_authority_choices().labels.values()


def test_the_version_moves_again_once_the_change_commits(django_capture_on_commit_callbacks):
    kent = local_authority("Kent")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        kent.save()
        saved = cache.get(reference_lists.VERSION_KEY)
    assert saved is not None

    for callback in callbacks:
        callback()

    assert cache.get(reference_lists.VERSION_KEY) != saved

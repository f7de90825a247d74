"""Demo seeding (evidence.demo): realistic submissions in bulk, in proportion, consistent, and on
PostgreSQL by COPY with the search indexes kept. The command is tests/evidence/commands/.
"""

import io

import pytest
from django.core.management import call_command

from evidence.demo import pg_bulk
from evidence.demo import seed as demo
from evidence.demo.rows import ANSWER_FIELDS, SUBMISSION_FIELDS
from evidence.models import ANSWER_MODELS, Submission, SvDbvAnswer
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo_evidence", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_references_are_unique_and_well_formed():
    demo.create_demo_submissions(500, seed=1)
    refs = list(Submission.objects.values_list("reference", flat=True))
    assert len(refs) == len(set(refs)) == 500
    assert all(len(ref) == 14 and ref.startswith("SEND-") for ref in refs)


def assert_consistent(count: int) -> None:
    """``count`` demo submissions, each with one to three themes and exactly one answer row per theme."""
    from collections import Counter

    submissions = set(Submission.objects.values_list("pk", flat=True))
    assert len(submissions) == count
    assert not Submission.objects.filter(is_demo=False).exists()
    links = set(Submission.themes.through.objects.values_list("submission_id", "theme__slug"))
    per_submission = Counter(submission for submission, _ in links)
    assert set(per_submission) == submissions  # every submission has a theme
    assert set(per_submission.values()) == {1, 2, 3}
    answers = {
        (submission, slug)
        for slug, model in ANSWER_MODELS.items()
        for submission in model.objects.values_list("submission_id", flat=True)
    }
    assert answers == links  # one answer row per chosen theme, none for a theme not chosen
    assert not SvDbvAnswer.objects.filter(local_authority__isnull=True).exists()
    staff = Submission.staff_themes.through.objects.values_list("submission_id", flat=True)
    assert set(staff) <= submissions


def test_what_it_draws_keeps_its_proportions():
    demo.create_demo_submissions(2000, seed=11)
    assert_consistent(2000)
    rows = Submission.objects.all()

    def share(**match) -> float:
        return rows.filter(**match).count() / 2000

    assert 0.50 < share(status="new") < 0.60  # 55%
    assert 0.65 < share(priority=2) < 0.75  # 70%
    assert 0.86 < share(local_authority__isnull=False) < 0.94  # 90%
    assert 0.55 < 1 - share(name="") < 0.65  # 60% give their name
    assert not rows.filter(name="", consent_to_contact=True).exists()
    themes = [len(s.themes.all()) for s in rows.prefetch_related("themes")]
    assert 0.55 < themes.count(1) / 2000 < 0.65  # 6 : 3 : 1
    assert 0.25 < themes.count(2) / 2000 < 0.35
    assert 0.01 < Submission.staff_themes.through.objects.count() / 2000 < 0.09  # 5%
    assert all(s.experience and (s.email == "") == (s.name == "") for s in rows)
    assert all(s.email.endswith("@example.org") for s in rows.exclude(email=""))


def test_a_reference_already_taken_is_drawn_again(monkeypatch):
    real = SubmissionFactory()
    draws = iter([[real.reference, "SEND-AAAA-AAAA", "SEND-AAAA-AAAA"]])
    original = demo.draw_references
    monkeypatch.setattr(demo, "draw_references", lambda rng, n: next(draws, None) or original(rng, n))
    assert demo.create_demo_submissions(3, seed=2) == 3
    refs = list(Submission.objects.filter(is_demo=True).values_list("reference", flat=True))
    assert len(set(refs)) == 3 and real.reference not in refs and "SEND-AAAA-AAAA" in refs


def search_indexes() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE %s",
            ["%\\_trgm"],
        )
        return dict(cursor.fetchall())


def schema_of_seeded_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Every index and every constraint of the tables the seed writes, by name."""
    from django.db import connection

    tables = [connection.ops.quote_name(table) for table in demo.SEEDED_TABLES]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [tables],
        )
        indexes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY(%s::regclass[])",
            [tables],
        )
        return indexes, dict(cursor.fetchall())


@pytest.mark.parametrize("rebuild", [False, True], ids=["indexes kept", "indexes rebuilt"])
def test_postgresql_copies_consistent_rows(postgres, monkeypatch, rebuild):
    from django.db.models import Q

    before = schema_of_seeded_tables()
    assert list(search_indexes()) == ["searchdocument_text_trgm"]  # one document per submission, one index
    assert len(before[0]) > 30 and any("FOREIGN KEY" in c for c in before[1].values())
    if rebuild:  # what 100,000 rows do, at a size a test can afford
        monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 1000)
    put_back = []
    original = pg_bulk.put_back
    monkeypatch.setattr(pg_bulk, "put_back", lambda aside: put_back.append(aside) or original(aside))
    out, err = run("--count", "2000", "--seed", "5")
    assert "Created 2000 demo submissions" in out and err.endswith("2,000/2,000\n")
    if rebuild:
        (aside,) = put_back
        assert "searchdocument_text_trgm" in " ".join(aside.indexes) and aside.foreign_keys
    else:
        assert not put_back
    assert_consistent(2000)
    assert schema_of_seeded_tables() == before  # every index and key back, whichever way it was kept
    first = Submission.objects.first()
    word = first.experience.split()[-1].upper()
    assert Submission.objects.filter(Q(experience__icontains=word)).exists()
    assert first in Submission.objects.search(f"{word} {first.reference}")  # its search document written
    assert len({s.received_at.date() for s in Submission.objects.all()}) > 30
    # A second seed takes later ids from the same sequence, and a real submission after it too.
    demo.create_demo_submissions(100, seed=6)
    assert SubmissionFactory().pk > max(Submission.objects.filter(is_demo=True).values_list("pk", flat=True))
    run("--clear-demo")
    assert Submission.objects.count() == 1


def test_postgresql_keeps_the_indexes_of_a_busy_table(postgres, monkeypatch):
    """Another session reading the submissions: no waiting behind it for the lock, the indexes stay."""
    import psycopg
    from django.db import connection

    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 100)
    before = schema_of_seeded_tables()
    params = connection.get_connection_params()
    with psycopg.connect(**params) as reader:
        reader.execute("LOCK TABLE evidence_submission IN ACCESS SHARE MODE")
        assert demo.create_demo_submissions(200, seed=8) == 200
    assert_consistent(200)
    assert schema_of_seeded_tables() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        assert cursor.fetchone()[0] == "0"


def test_postgresql_still_refuses_an_answer_for_no_submission_after_a_large_seed(postgres, monkeypatch):
    """The foreign keys set aside during the load are checked again, and enforced afterwards."""
    from django.db import IntegrityError, connection, transaction

    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 100)
    demo.create_demo_submissions(200, seed=9)
    missing = max(Submission.objects.values_list("pk", flat=True)) + 1000
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO evidence_generalanswer (submission_id, details) VALUES (%s, '')", [missing]
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def expected_figures() -> dict[tuple[str, str, str], int]:
    """The weekly figures as count_in would make them, one submission at a time."""
    from evidence.models.figures import figure_keys, week_of

    totals: dict[tuple[str, str, str], int] = {}
    for submission in Submission.objects.counted().select_related("local_authority"):
        for dimension, value in figure_keys(submission):
            key = (str(week_of(submission)), dimension, value)
            totals[key] = totals.get(key, 0) + 1
    return totals


def test_the_weekly_figures_agree_with_what_was_seeded_and_leave_with_it():
    from tests.evidence.conftest import weekly_figures

    demo.create_demo_submissions(300, seed=11)

    assert weekly_figures() == expected_figures()
    assert (
        sum(n for (_, d, _), n in weekly_figures().items() if d == "all")
        == Submission.objects.counted().count()
    )
    demo.clear_demo()
    assert weekly_figures() == {}


def derived_rows() -> dict[str, tuple[int, str]]:
    """Each submission's theme flags and search document, by reference."""
    return {
        reference: (flags, text)
        for reference, flags, text in Submission.objects.values_list(
            "reference", "theme_flags", "search_document__text"
        )
    }


@pytest.mark.parametrize("rebuild", [False, True], ids=["indexes kept", "indexes rebuilt"])
def test_the_derived_rows_are_what_the_normal_write_path_makes(monkeypatch, rebuild):
    """Theme flags, search documents and weekly figures, as the managers' and save()'s signals and
    count_in would have written them one submission at a time."""
    from tests.evidence.conftest import weekly_figures

    if rebuild:
        monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 100)
    demo.create_demo_submissions(300, seed=12)
    seeded = derived_rows()
    assert len(seeded) == 300 and all(flags and text for flags, text in seeded.values())
    assert weekly_figures() == expected_figures()
    everyone = list(Submission.objects.prefetch_related("themes", "staff_themes").order_by("pk"))
    rewritten = [s for s in everyone if s.staff_themes.all()][:5] + everyone[::10]
    assert len(rewritten) > 30
    for submission in rewritten:
        for links in (submission.themes, submission.staff_themes):
            themes = list(links.all())
            links.clear()  # m2m_changed: the flags rewritten from the links
            links.add(*themes)
        submission.save()  # post_save: the search document rewritten
    assert derived_rows() == seeded


def everything_seeded() -> list[tuple]:
    """What a seed wrote, by reference, without ids or times (drawn back from the moment it ran)."""
    answers = {
        slug: {
            row[0]: row[1:]
            for row in model.objects.values_list("submission__reference", *ANSWER_FIELDS[slug])
        }
        for slug, model in ANSWER_MODELS.items()
    }
    values = {row[0]: row[1:] for row in Submission.objects.values_list("pk", *ROW_FIELDS)}
    rows = Submission.objects.prefetch_related("themes", "staff_themes").order_by("reference")
    return [
        (
            *values[s.pk],
            sorted(t.slug for t in s.themes.all()),
            sorted(t.slug for t in s.staff_themes.all()),
            [answers[slug].get(s.reference) for slug in ANSWER_MODELS],
        )
        for s in rows
    ]


ROW_FIELDS = [field for field in SUBMISSION_FIELDS if field != "received_at"]


def test_the_same_seed_writes_the_same_evidence_and_another_seed_other_evidence():
    demo.create_demo_submissions(150, seed=21)
    first = everything_seeded()
    demo.clear_demo()
    demo.create_demo_submissions(150, seed=21)
    assert everything_seeded() == first
    demo.clear_demo()
    demo.create_demo_submissions(150, seed=22)
    assert {row[0] for row in everything_seeded()}.isdisjoint({row[0] for row in first})

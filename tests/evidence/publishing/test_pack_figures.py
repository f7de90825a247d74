"""The figures of a pack on small data: counted from live rows, spam and restricted left out, every
count through disclosure control."""

import pytest

from evidence.choices import Status
from evidence.models import EvidencePack, WeeklyFigure
from evidence.publishing.packs.document import build_document
from evidence.publishing.packs.figures import count_figures
from evidence.publishing.packs.selection import no_longer_held, select
from tests.factories import SubmissionFactory, SvDbvAnswerFactory

pytestmark = pytest.mark.django_db


def sv_report(**submission):
    return SvDbvAnswerFactory(
        programme="sv",
        problem_specialist_cuts=True,
        submission=SubmissionFactory(themes=["sv-dbv"], **submission),
    )


def figures_for(kind, key):
    selection = select(kind=kind, key=key)
    return selection, count_figures(selection)


def table(figures, heading):
    tables = [*figures.headline, figures.weeks, *(t for _, ts in figures.theme_tables for t in ts)]
    return next(t for t in tables if t.heading == heading)


def test_a_programme_pack_counts_its_reports_leaving_out_spam_and_restricted():
    for _ in range(3):
        sv_report()
    SvDbvAnswerFactory(programme="both")
    sv_report(status=Status.SPAM)
    sv_report(restricted=True)
    SvDbvAnswerFactory(programme="dbv")

    _, figures = figures_for(EvidencePack.Kind.PROGRAMME, "sv")

    assert figures.submissions == 4
    roles = dict(table(figures, "Submissions by role").rows)
    assert roles["Classroom teacher"] == 4
    issues = dict(table(figures, "Issues members reported").rows)
    assert issues["Cuts to specialist services and provision leaving needs unmet"] == 3


def test_a_count_of_three_reads_fewer_than_five_and_the_total_is_rounded_from_the_truth():
    for _ in range(3):
        sv_report()
    for _ in range(4):
        sv_report(role="senco")

    selection, figures = figures_for(EvidencePack.Kind.PROGRAMME, "sv")
    document = build_document(selection=selection, figures=figures, earlier=None)

    roles = next(t for s in document.sections for t in s.tables if t.heading == "Submissions by role")
    shown = dict(roles.rows)
    assert shown["Classroom teacher"] == "fewer than 5"
    assert shown["SENCO"] == "fewer than 5"
    assert shown["Trainee teacher"] == "0"
    assert roles.total == "5"  # 7 rounded, not 0 + 0 summed from the cells shown
    assert "Submissions: 5." in document.all_text()
    assert " 3" not in document.all_text().replace("2026", "")


def test_a_theme_pack_counts_the_themes_own_answers():
    from evidence.models import WorkloadAnswer

    for n in range(6):
        submission = SubmissionFactory(themes=["workload"])
        WorkloadAnswer.objects.create(
            submission=submission, cause_ehcp_processes=True, cause_specialist_service_cuts=n < 2
        )

    _, figures = figures_for(EvidencePack.Kind.THEME, "workload")

    causes = dict(table(figures, "Causes of SEND workload").rows)
    assert causes["EHCP processes"] == 6
    assert causes["Cuts to specialist services"] == 2


def test_earlier_submissions_no_longer_held_come_from_the_weekly_figures():
    sv_report()
    WeeklyFigure.objects.create(week="2025-W01", dimension="programme", value="sv", count=12)
    WeeklyFigure.objects.create(week="2025-W02", dimension="programme", value="both", count=3)
    WeeklyFigure.objects.create(week="2025-W02", dimension="programme", value="dbv", count=50)

    selection = select(kind=EvidencePack.Kind.PROGRAMME, key="sv")

    # The factory's report was counted in when it was made (create counts it in, the factory does not),
    # so the rollup holds 15 and the live rows 1.
    assert no_longer_held(selection) == 14


def test_the_pack_holds_the_unions_answers_to_the_themes_related_questions():
    from evidence.models import Theme
    from tests.factories import QuestionFactory

    sv_report()
    related = QuestionFactory(
        number=97, text="Should plans be agreed with schools?", answer="**Yes**: every school."
    )
    QuestionFactory(number=98, text="Unrelated question?", answer="Something else entirely.")
    Theme.objects.get(slug="sv-dbv").related_questions.add(related)

    selection, figures = figures_for(EvidencePack.Kind.PROGRAMME, "sv")
    document = build_document(selection=selection, figures=figures, earlier=None)

    assert ("Question 97: Should plans be agreed with schools?", "Yes: every school.") in document.answers
    assert "Something else entirely." not in document.all_text()

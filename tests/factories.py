"""Factories of models for tests, one section per app.

The people are tests/conftest.py's; the member's journey is driven by tests/journeys.py and the files
she uploads are built by tests/files.py.
"""

import factory
from django.contrib.auth import get_user_model

from consultation.models import Aim, Consultation, Proposal, Question, QuestionGroup, ResponseSection
from evidence.choices import Phase, Role, Setting
from evidence.models import LocalAuthority, Submission, Theme
from evidence.triage.access import EDUCATION_TEAM

# Every account's password (hashed with the fast hasher tests/conftest.py sets).
PASSWORD = "a-long-test-password"

# --- People ---------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


def staff_group(name: str):
    """A staff group as migrate made it, made again if a flush (a transactional test) removed it."""
    from django.contrib.auth.models import Group

    from evidence.triage.access import make_staff_groups

    group = Group.objects.filter(name=name).first()
    if group is None:
        make_staff_groups()
        group = Group.objects.get(name=name)
    return group


def staff_member(username: str, group: str | None = EDUCATION_TEAM, **extra):
    """A member of staff, in ``group`` unless it is None. The people of the tests are tests/conftest.py's."""
    user = UserFactory(username=username, is_staff=True, **extra)
    if group:
        user.groups.add(staff_group(group))
    return user


# --- Consultation ---------------------------------------------------------------------------------


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    slug = factory.Sequence(lambda n: f"consultation-{n}")
    title = factory.Sequence(lambda n: f"Consultation number {n}")
    green_paper_url = "https://www.gov.uk/government/consultations/example"
    full_response_url = "http://www.nasuw.org.uk/ConsultationResponses"
    summary = "A consultation about *special educational needs*."
    published = True


class AimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aim

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"achieve aim number {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    detail = factory.Sequence(lambda n: f"a **proposal** numbered {n}")


class ResponseSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseSection

    consultation = factory.SubFactory(ConsultationFactory)
    kind = ResponseSection.Kind.SECTION
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"section-{n}")
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "What the union said about it."


class QuestionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionGroup

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Group {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    group = None
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"What do you think of proposal {n}?")
    answer = "We think it needs more money.\n\nAnd more time."


# --- Evidence -------------------------------------------------------------------------------------


def theme(slug: str) -> Theme:
    """The themes are reference data loaded by migration; tests look them up rather than make them."""
    return Theme.objects.get(slug=slug)


def local_authority(name: str = "Kent") -> LocalAuthority:
    return LocalAuthority.objects.get(name=name)


def unlisted_authorities(count: int) -> list[LocalAuthority]:
    """Authorities not on our SV/DBV programme list, in name order."""
    return list(LocalAuthority.objects.filter(programme_memberships__isnull=True).order_by("name")[:count])


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission as submission_create would leave it, without theme answers unless asked."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    role = Role.CLASSROOM_TEACHER
    phase = Phase.PRIMARY
    setting = Setting.MAINTAINED
    local_authority = factory.LazyFunction(lambda: LocalAuthority.objects.order_by("name").first())
    experience = "Our SENCO spends most of the week on EHCP paperwork."

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        slugs = extracted or ["workload"]
        self.themes.set(Theme.objects.filter(slug__in=slugs))


class TriageNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evidence.TriageNote"

    submission = factory.SubFactory(SubmissionFactory)
    author = factory.SubFactory(UserFactory)
    text = "Called the member back; they will send the banding letter."


class SvDbvAnswerFactory(factory.django.DjangoModelFactory):
    """A member's SV/DBV answer: by default "in DBV, no published plan" about their own authority."""

    class Meta:
        model = "evidence.SvDbvAnswer"

    submission = factory.SubFactory(SubmissionFactory, themes=["sv-dbv"])
    local_authority = factory.LazyAttribute(lambda a: a.submission.local_authority)
    programme = "dbv"
    plan_stage = "being-developed"
    plan_published = "no"
    schools_consulted = "no"
    details = "Outreach support to mainstream schools was cut."


def attach_file(submission, name: str, content: bytes, content_type: str = "application/pdf"):
    """An Attachment stored as the upload service would store it."""
    import hashlib

    from django.core.files.base import ContentFile

    from evidence.models import Attachment

    attachment = Attachment(
        submission=submission,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    attachment.file.save("upload", ContentFile(content), save=True)
    return attachment


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """An outbox row waiting to be sent; pass status, attempts, created_at, next_attempt_at to set the scene."""

    class Meta:
        model = "evidence.OutboundEmail"

    kind = "ack"
    idempotency_key = factory.Sequence(lambda n: f"ack:SEND-TEST-{n:04d}")
    to = "member@example.org"
    subject = factory.LazyAttribute(lambda e: f"We have received your evidence: {e.idempotency_key[4:]}")
    text_body = "Your reference is in the subject."
    html_body = "<p>Your reference is in the subject.</p>"


# --- Quotes (issue 14) ------------------------------------------------------------------------------


class QuoteFactory(factory.django.DjangoModelFactory):
    """A draft quote of a consenting member's words; pass approved_by/approved_at to approve it."""

    class Meta:
        model = "evidence.Quote"

    submission = factory.SubFactory(SubmissionFactory, consent_to_quote=True)
    source = "experience"
    passage = factory.LazyAttribute(lambda q: q.submission.experience)
    text = factory.LazyAttribute(lambda q: q.passage)


class ApprovedQuoteFactory(QuoteFactory):
    """An approved quote (the packs' tests); ``approved_at=None`` for a draft."""

    text = "Our SENCO spends most of the week on paperwork."
    approved_at = factory.LazyFunction(lambda: _now())


def _now():
    from django.utils import timezone

    return timezone.now()


# --- Theme suggestions (issue 13) -------------------------------------------------------------------


class ThemeSuggestionFactory(factory.django.DjangoModelFactory):
    """An open suggestion of Safety Valve and DBV, at 0.87."""

    class Meta:
        model = "evidence.ThemeSuggestion"

    submission = factory.SubFactory(SubmissionFactory)
    theme = factory.LazyFunction(lambda: theme("sv-dbv"))
    confidence = 0.87

"""Factories for tests. One section per app."""

import base64
import io
import struct
import zipfile
import zlib

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Aim, Consultation, Proposal, Question, QuestionGroup, ResponseSection
from evidence.choices import Phase, Role, Setting
from evidence.models import LocalAuthority, Submission, Theme

# --- People -------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


# --- Consultation -------------------------------------------------------------------------------


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


# --- Evidence -----------------------------------------------------------------------------------


def theme(slug: str) -> Theme:
    """The themes are reference data loaded by migration; tests look them up rather than make them."""
    return Theme.objects.get(slug=slug)


def local_authority(name: str = "Kent") -> LocalAuthority:
    return LocalAuthority.objects.get(name=name)


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


def staff_member(username: str, group: str | None = "Education Team", **extra):
    """A member of staff, in a staff group unless ``group=None`` (after a flush, call make_staff_groups)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


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


# What a member posts on each step of "Send evidence", for the journey tests (tests/evidence, e2e).
THEME_ANSWERS = {
    "workload": {
        "causes": ["cause_ehcp_processes", "cause_external_agency_meetings"],
        "details": "EHCP forms.",
    },
    "banding": {"experience": "issues", "details": "Bands were cut mid-year."},
    "notional-budgets": {"notional_budget_enough": "no", "details": "The notional budget ran out in March."},
    "training": {"stage": "early-career", "preparedness": "partly", "details": "One twilight session."},
    "sv-dbv": {
        "programme": "sv",
        "plan_stage": "agreed",
        "plan_published": "yes",
        "plan_url": "https://www.gov.uk/government/publications/example-plan",
        "schools_consulted": "no",
        "problems": ["problem_no_consultation", "problem_specialist_cuts"],
        "details": "Outreach was cut.",
    },
    "general": {"details": "Tribunal waits are over a year."},
}


def evidence_answers(themes=("workload", "sv-dbv"), authority: str = "Kent") -> dict[str, dict]:
    """Every step's answers in journey order (attachments aside), for the chosen themes."""
    authority_id = "prefer-not-to-say" if authority is None else str(local_authority(authority).pk)
    return {
        "about-you": {
            "role": "senco",
            "phase": "primary",
            "setting": "maintained",
            "local_authority": authority_id,
        },
        "themes": {"themes": list(themes)},
        **{slug: dict(THEME_ANSWERS[slug]) for slug in THEME_ANSWERS if slug in themes},
        "your-experience": {"experience": "Our SENCO spends three days a week on EHCP paperwork."},
        "contact-details": {
            "name": "Alice Member",
            "email": "alice@example.org",
            "membership_number": "NAS12345",
            "consent_to_contact": "on",
        },
    }


def answer_evidence_steps(client, answers: dict[str, dict], files=()) -> None:
    """Posts every step as a member would, up to check-your-answers (files: Django UploadedFiles)."""
    client.get("/evidence/send/")
    for step, data in answers.items():
        if step == "contact-details":
            response = client.post(
                "/evidence/send/attachments/", {"files": list(files), "action": "continue"}
            )
            assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(f"/evidence/send/{step}/", data)
        assert response.status_code == 302, f"{step}: {response.content.decode()[:3000]}"


def send_evidence(client, answers: dict[str, dict] | None = None, files=()):
    """The whole journey, ending with "Send evidence"; returns the response to that last post."""
    answer_evidence_steps(client, answers or evidence_answers(), files)
    return client.post("/evidence/send/check-your-answers/")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            # ODF wants its mimetype first and uncompressed.
            archive.writestr(
                name, content, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def tiny_file(kind: str) -> bytes:
    """Small but real files of each accepted type, and a few that must be refused."""
    if kind == "pdf":
        return (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n"
        )
    if kind == "png":
        return _png()
    if kind == "jpeg":  # a 1x1 baseline JPEG
        return base64.b64decode(
            "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////"
            "////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
        )
    if kind == "docx":
        return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    if kind == "xlsx":
        return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    if kind == "odt":
        return _zip(
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"}
        )
    if kind == "txt":
        return "Notes from the SEND review meeting: £2,000 cut.\n".encode()
    if kind == "elf":
        return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
    if kind == "exe":
        return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 54 + b"PE\x00\x00"
    if kind == "zip":
        return _zip({"notes.txt": b"not an office document"})
    raise ValueError(kind)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


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

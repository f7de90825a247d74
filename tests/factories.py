"""Factories for tests. One section per app."""

import factory
from django.contrib.auth import get_user_model

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

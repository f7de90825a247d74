"""Who may see members' evidence, and the staff groups that say so.

The rule: members of the Education Team group and superusers see evidence; nobody else does, whatever
stray permission they hold. Content editors edit the consultation content and see no evidence. Every
admin class and view that shows evidence asks ``can_see_evidence`` (model permissions still apply on
top of it); exporting also needs the export permission (``can_export``).

Erasure and subject access belong to superusers and to the "Data protection" group; using them in the
admin also needs the Education Team group, since the admin shows the evidence (``can_erase``,
``can_give_subject_access``). The commands need neither: whoever runs them already holds the server.

Permissions do not exist inside a data migration on a fresh database, so the groups are made by a
``post_migrate`` handler. It is idempotent: it sets each group's permissions to exactly the list below.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.db.models import QuerySet

EDUCATION_TEAM = "Education Team"
CONTENT_EDITORS = "Content editors"
DATA_PROTECTION = "Data protection"

# (model, actions) in the evidence app; no user or content administration.
EDUCATION_TEAM_PERMISSIONS = {
    "submission": ("view", "change"),
    "triagenote": ("view", "add"),
    "submissionchange": ("view",),
    "attachment": ("view",),
    "localauthority": ("view",),
    "programmemembership": ("view", "add", "change"),
    "evidenceexport": ("view",),
    "outboundemail": ("view", "change"),
    "quote": ("view", "add", "change", "delete"),  # selected, edited, approved, removed (issue 14)
    "nearduplicategroup": ("view", "change"),  # marking a campaign (issue 13)
}
EDUCATION_TEAM_EXTRA = ("export_submission",)
EXPORT_PERMISSION = "evidence.export_submission"
CONTENT_ACTIONS = ("add", "change", "delete", "view")
ERASE_PERMISSION = "evidence.erase_submission"
SUBJECT_ACCESS_PERMISSION = "evidence.export_personal_data"
DATA_PROTECTION_PERMISSIONS = ("erase_submission", "export_personal_data")


def make_staff_groups(**kwargs: Any) -> None:
    """Create or update the Education Team, Content editors and Data protection groups (post_migrate).

    ``migrate`` sends post_migrate with its ``plan``; ``flush`` (which tests run between transactional
    tests) sends it without one. The groups are made after a migrate only: remade after a flush they
    would clash with the rows a ``serialized_rollback`` test restores. Tests that flush call this
    function themselves.
    """
    if kwargs.get("signal") is not None and "plan" not in kwargs:
        return
    for label in ("evidence", "consultation"):
        # The permissions of both apps must exist whichever app's signal arrives first.
        if apps.is_installed(label):
            create_permissions(apps.get_app_config(label), verbosity=0, using=kwargs.get("using", "default"))

    codenames = [
        f"{action}_{model}" for model, actions in EDUCATION_TEAM_PERMISSIONS.items() for action in actions
    ]
    codenames += EDUCATION_TEAM_EXTRA
    team, _ = Group.objects.get_or_create(name=EDUCATION_TEAM)
    team.permissions.set(
        Permission.objects.filter(content_type__app_label="evidence", codename__in=codenames)
    )

    editors, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    content = Permission.objects.filter(content_type__app_label="consultation")
    wanted = [
        p.pk
        for p in content.select_related("content_type")
        if p.codename in {f"{action}_{p.content_type.model}" for action in CONTENT_ACTIONS}
    ]
    editors.permissions.set(wanted)

    data_protection, _ = Group.objects.get_or_create(name=DATA_PROTECTION)
    data_protection.permissions.set(
        Permission.objects.filter(
            content_type__app_label="evidence", codename__in=DATA_PROTECTION_PERMISSIONS
        )
    )


def can_see_evidence(user: Any) -> bool:
    """Members of the Education Team and superusers; nobody else, whatever stray permission they hold.

    The answer is kept on the user object, so the admin may ask many times in one request for one query.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_can_see_evidence", None)
    if cached is None:
        cached = user.groups.filter(name=EDUCATION_TEAM).exists()
        user._can_see_evidence = cached
    return cached


def can_export(user: Any) -> bool:
    return can_see_evidence(user) and user.has_perm(EXPORT_PERMISSION)


def can_erase(user: Any) -> bool:
    """Superusers, and members of both the Education Team and the Data protection group."""
    return can_see_evidence(user) and user.has_perm(ERASE_PERMISSION)


def can_give_subject_access(user: Any) -> bool:
    """Superusers, and members of both the Education Team and the Data protection group."""
    return can_see_evidence(user) and user.has_perm(SUBJECT_ACCESS_PERMISSION)


def education_team_members() -> QuerySet[User]:
    """The people a submission may be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=EDUCATION_TEAM)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )

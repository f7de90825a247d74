"""Which submissions a pack covers, and how it names them.

Rules:

- A pack counts **live** rows, spam and restricted left out (``SubmissionQuerySet.counted()``): the
  same rule as every other figure.
- Each kind selects exactly as the admin list's filter of the same name does, so a pack and the list
  agree: a theme is the member's or staff's (``?theme=``), an authority is the one about the member
  (``?local_authority__id__exact=``), ``sv`` is a member reporting Safety Valve alone or with DBV
  (``?reported_programme=sv``). A list pack takes the admin list's own queryset through a seam
  (``list_submissions``), since this package may not import the admin.
- ``rollup`` names the weekly figures (dimension and values) that count the same submissions as the
  member gave them, for "N earlier submissions no longer held"; a filtered list has none.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef

from evidence.choices import KnownProgramme, Programme
from evidence.models import (
    EvidencePack,
    LocalAuthority,
    ProgrammeMembership,
    Submission,
    SubmissionQuerySet,
    Theme,
    WeeklyFigure,
)

# ``sv``: Safety Valve alone or with DBV; ``dbv``: DBV alone or with Safety Valve.
PROGRAMMES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "sv": ("Safety Valve", (Programme.SV, Programme.BOTH), KnownProgramme.SV),
    "dbv": ("Delivering Better Value", (Programme.DBV, Programme.BOTH), KnownProgramme.DBV),
}

# (the list's query string, who asked) -> the admin list's submissions, as that person sees them.
SEARCH = "q"  # the admin list's search box
ListSubmissions = Callable[[str, User | None], SubmissionQuerySet]


class UnknownSelection(ValueError):
    """A theme, authority or programme the portal does not know."""


@dataclass(frozen=True)
class Selection:
    title: str
    submissions: SubmissionQuerySet
    # Live rows counted the way the rollup counted them, and the rollup's (dimension, values).
    rollup_live: SubmissionQuerySet | None = None
    rollup: tuple[str, tuple[str, ...]] | None = None
    theme_slugs: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def select(
    *, kind: str, key: str, list_submissions: ListSubmissions | None = None, by: User | None = None
) -> Selection:
    counted = Submission.objects.counted()
    if kind == EvidencePack.Kind.THEME:
        return _theme(counted, key)
    if kind == EvidencePack.Kind.AUTHORITY:
        return _authority(counted, key)
    if kind == EvidencePack.Kind.PROGRAMME:
        return _programme(counted, key)
    if kind == EvidencePack.Kind.LIST:
        if list_submissions is None:
            raise UnknownSelection("A pack of the admin list needs the list's filters.")
        listed = list_submissions(key, by).order_by().values("pk")
        return Selection(
            title="Evidence from a filtered list",
            submissions=counted.filter(pk__in=listed),
            theme_slugs=tuple(Theme.objects.values_list("slug", flat=True)),
            notes=[f"Filters: {described_filters(key)}"],
        )
    raise UnknownSelection(f"Unknown kind of pack: {kind}")


def described_filters(query_string: str) -> str:
    """The list's filters for the pack and the audit log; a search's words are left out, since they are
    often a member's name."""
    pairs = [(name, value) for name, value in parse_qsl(query_string) if name != SEARCH]
    searched = any(name == SEARCH and value.strip() for name, value in parse_qsl(query_string))
    shown = ", ".join(f"{name}={value}" for name, value in pairs) or "none"
    return f"{shown} (and a search)" if searched else shown


def _theme(counted: SubmissionQuerySet, slug: str) -> Selection:
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise UnknownSelection(f"No theme {slug!r}.")
    member = Submission.themes.through.objects.filter(submission=OuterRef("pk"), theme=theme)
    staff = Submission.staff_themes.through.objects.filter(submission=OuterRef("pk"), theme=theme)
    return Selection(
        title=f"Evidence on {theme.name}",
        submissions=counted.filter(Exists(member) | Exists(staff)),
        rollup_live=counted.filter(Exists(member)),
        rollup=(WeeklyFigure.Dimension.THEME, (slug,)),
        theme_slugs=(slug,),
    )


def _authority(counted: SubmissionQuerySet, gss_code: str) -> Selection:
    authority = LocalAuthority.objects.filter(gss_code=gss_code).first()
    if authority is None:
        raise UnknownSelection(f"No local authority with GSS code {gss_code!r}.")
    known = ProgrammeMembership.objects.filter(local_authority=authority).order_by("programme")
    notes = [f"On our known list: {m.get_programme_display()}." for m in known]
    submissions = counted.filter(local_authority=authority)
    return Selection(
        title=f"Evidence from {authority.name}",
        submissions=submissions,
        rollup_live=submissions,
        rollup=(WeeklyFigure.Dimension.AUTHORITY, (gss_code,)),
        theme_slugs=tuple(Theme.objects.values_list("slug", flat=True)),
        notes=notes,
    )


def _programme(counted: SubmissionQuerySet, key: str) -> Selection:
    if key not in PROGRAMMES:
        raise UnknownSelection(f"No programme {key!r}: use sv or dbv.")
    name, reported, known = PROGRAMMES[key]
    names = ProgrammeMembership.objects.filter(programme=known).order_by("local_authority__name")
    listed = ", ".join(names.values_list("local_authority__name", flat=True)) or "none"
    submissions = counted.reporting_programme(reported)
    return Selection(
        title=f"Evidence on the {name} programme",
        submissions=submissions,
        rollup_live=submissions,
        rollup=(WeeklyFigure.Dimension.PROGRAMME, reported),
        theme_slugs=(Theme.SV_DBV,),
        notes=[
            f"Members who reported {name}, alone or with the other programme.",
            f"Authorities on our known list for {name}: {listed}.",
        ],
    )


def no_longer_held(selection: Selection) -> int | None:
    """Submissions the rollup counted that are no longer held (purged): never below 0."""
    if selection.rollup is None or selection.rollup_live is None:
        return None
    dimension, values = selection.rollup
    rows = WeeklyFigure.objects.filter(dimension=dimension, value__in=values)
    total = sum(rows.values_list("count", flat=True))
    return max(0, total - selection.rollup_live.count())


__all__ = ["PROGRAMMES", "ListSubmissions", "Selection", "UnknownSelection", "no_longer_held", "select"]

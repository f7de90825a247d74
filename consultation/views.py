"""The public pages: the consultation, the union's response, its answers, search and open data."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from consultation import downloads
from consultation.forms import MAX_QUERY_LENGTH, SearchForm
from consultation.kept_pages import keep_public_page_in_process
from consultation.models import Consultation, Question, ResponseSection
from consultation.page_cache import cache_public_page
from consultation.panels import question_panels
from consultation.search import search as search_consultation


def can_preview(user: User | AnonymousUser) -> bool:
    """Staff allowed to read the consultation content see it before it is published.

    Only once they have given their second factor: a password alone opens nothing for staff. django-otp's
    middleware puts ``is_verified`` on the request's user.
    """
    is_verified = getattr(user, "is_verified", None)
    if not (user.is_active and is_verified is not None and is_verified()):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm("consultation.view_consultation"))


def current_consultation(request: HttpRequest) -> Consultation:
    consultation = Consultation.objects.current(include_unpublished=can_preview(request.user))
    if consultation is None:
        raise Http404("No consultation is published.")
    return consultation


@cache_public_page
def overview(request: HttpRequest) -> HttpResponse:
    consultation = current_consultation(request)
    return render(
        request,
        "consultation/overview.html",
        {
            "consultation": consultation,
            "aims": consultation.aims.all(),
            "proposals": consultation.proposals.all(),
            "search_form": SearchForm(),
        },
    )


@cache_public_page
def response(request: HttpRequest) -> HttpResponse:
    consultation = current_consultation(request)
    sections = list(consultation.response_sections.all())
    return render(
        request,
        "consultation/response.html",
        {
            "consultation": consultation,
            "support": [s for s in sections if s.kind == ResponseSection.Kind.SUPPORT],
            "concerns": [s for s in sections if s.kind == ResponseSection.Kind.CONCERN],
            "sections": [s for s in sections if s.kind == ResponseSection.Kind.SECTION],
        },
    )


@cache_public_page
def question_list(request: HttpRequest) -> HttpResponse:
    consultation = current_consultation(request)
    questions = consultation.questions.select_related("group").order_by(
        F("group__order").asc(nulls_last=True), "group__pk", "number"
    )
    return render(
        request,
        "consultation/question_list.html",
        {"consultation": consultation, "questions": questions, "search_form": SearchForm()},
    )


@cache_public_page
def question(request: HttpRequest, number: int) -> HttpResponse:
    consultation = current_consultation(request)
    questions = consultation.questions.select_related("group")
    try:
        current = questions.get(number=number)
    except Question.DoesNotExist:
        raise Http404("No such question.") from None
    neighbours = consultation.questions.aggregate(
        previous=Max("number", filter=Q(number__lt=number)),
        next=Min("number", filter=Q(number__gt=number)),
        total=Count("pk"),
    )
    return render(
        request,
        "consultation/question.html",
        {
            "consultation": consultation,
            "question": current,
            "panels": question_panels(current),
            "previous_number": neighbours["previous"],
            "next_number": neighbours["next"],
            "total": neighbours["total"],
        },
    )


# Not cached in Redis: every distinct query would add a page to the Redis the Celery broker shares,
# and anyone can send endless distinct queries. Kept in each process instead, bounded (kept_pages). A new
# search costs three indexed queries; a repeated one, none.
@keep_public_page_in_process(reads=["q"])
def search(request: HttpRequest) -> HttpResponse:
    consultation = current_consultation(request)
    form = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    results = None
    if form.is_bound and form.is_valid():
        results = search_consultation(consultation, form.cleaned_data["q"])
    return render(
        request,
        "consultation/search.html",
        {
            "consultation": consultation,
            "form": form,
            "results": results,
            "max_query_length": MAX_QUERY_LENGTH,
            # Shown back in the search box: never a NUL byte, never longer than the box allows.
            "query_value": request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY_LENGTH],
        },
    )


@cache_public_page
def answers_json(request: HttpRequest) -> HttpResponse:
    return downloads.answers_json(current_consultation(request))


@cache_public_page
def answers_csv(request: HttpRequest) -> HttpResponse:
    return downloads.answers_csv(current_consultation(request))

"""A blank question page kept whole once per process (evidence.views.kept_pages): the same page the
templates give, with the request's own CSRF token, for every step; never for an address a visitor
can vary, and never past its bound."""

import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.shortcuts import render
from django.test import Client

from evidence.views import journey, kept_pages
from tests.journeys import evidence_answers

pytestmark = pytest.mark.django_db

SEND = "/evidence/send/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def nothing_kept():
    kept_pages._kept.clear()
    yield
    kept_pages._kept.clear()


@contextmanager
def pages_rendered():
    """The question pages rendered through the templates while inside (the view's ``render``)."""
    rendered: list[str] = []

    def spy(request, template_name, context=None, *args, **kwargs):
        response = render(request, template_name, context, *args, **kwargs)
        rendered.append(response.content.decode())
        return response

    with mock.patch.object(journey, "render", side_effect=spy):
        yield rendered


def without_token(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


def test_every_blank_step_is_the_page_the_templates_give_with_its_own_token():
    answers = evidence_answers(themes=("workload", "sv-dbv", "general"))
    member = Client()
    member.get(SEND)
    for step in (
        "about-you",
        "themes",
        "workload",
        "sv-dbv",
        "general",
        "your-experience",
        "contact-details",
    ):
        if step == "contact-details":
            member.post(f"{SEND}attachments/", {"action": "continue"})
        kept = member.get(f"{SEND}{step}/").content.decode()  # the first: rendered and kept
        again = member.get(f"{SEND}{step}/").content.decode()  # from the kept copy
        with mock.patch.object(journey, "kept_page", return_value=None):
            templates = member.get(f"{SEND}{step}/").content.decode()

        assert without_token(again) == without_token(kept) == without_token(templates), step
        assert TOKEN.search(again)[1] != TOKEN.search(kept)[1]  # masked afresh, as Django does
        if step != "contact-details":
            assert member.post(f"{SEND}{step}/", answers[step]).status_code == 302, step


def test_a_kept_page_is_not_rendered_again_and_its_token_is_accepted():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(SEND)
    first.get(f"{SEND}about-you/")
    second.get(SEND)

    with pages_rendered() as rendered:
        page = second.get(f"{SEND}about-you/")

    assert rendered == []
    assert "csrftoken" in page.cookies  # the cookie that goes with the token, set as the tag sets it
    token = TOKEN.search(page.content.decode())[1]
    answers = {**evidence_answers()["about-you"], "csrfmiddlewaretoken": token}
    assert second.post(f"{SEND}about-you/", answers)["Location"] == f"{SEND}themes/"


def test_a_page_with_the_members_answers_or_errors_is_rendered_for_them(client):
    client.get(SEND)
    client.get(f"{SEND}about-you/")
    client.post(f"{SEND}about-you/", evidence_answers()["about-you"])

    with pages_rendered() as rendered:
        shown_again = client.get(f"{SEND}about-you/").content.decode()
        with_errors = client.post(f"{SEND}themes/", {}).content.decode()

    assert len(rendered) == 2
    assert re.search(r'value="senco"[^>]*checked', shown_again)
    assert "There is a problem" in with_errors


def test_only_the_change_query_is_kept_so_a_visitor_cannot_fill_the_memory(client):
    client.get(SEND)
    client.get(f"{SEND}about-you/")
    client.get(f"{SEND}about-you/?change=1")
    assert len(kept_pages._kept) == 2

    for number in range(20):
        page = client.get(f"{SEND}about-you/?n={number}")
        assert f'action="/evidence/send/about-you/?n={number}"' in page.content.decode()

    assert len(kept_pages._kept) == 2


def test_no_more_pages_are_kept_past_the_bound_and_the_rest_are_still_served(client, monkeypatch):
    monkeypatch.setattr(kept_pages, "KEPT", 1)
    client.get(SEND)
    client.get(f"{SEND}about-you/")

    page = client.get(f"{SEND}about-you/?change=1")

    assert page.status_code == 200 and "About you" in page.content.decode()
    assert len(kept_pages._kept) == 1


def test_a_renamed_theme_gives_a_new_page_not_the_kept_one(client):
    from evidence.models import Theme

    answer = evidence_answers(themes=("workload",))
    client.get(SEND)
    client.post(f"{SEND}about-you/", answer["about-you"])
    client.post(f"{SEND}themes/", answer["themes"])
    assert "Workload</h1>" in client.get(f"{SEND}workload/").content.decode()

    theme = Theme.objects.get(slug="workload")
    theme.name = "Workload and wellbeing"
    theme.save()

    assert "Workload and wellbeing</h1>" in client.get(f"{SEND}workload/").content.decode()


def test_two_members_on_one_step_by_different_ways_each_get_their_own_caption_and_way_back():
    def at_general(themes):
        member, answers = Client(), evidence_answers(themes=themes)
        member.get(SEND)
        member.post(f"{SEND}about-you/", answers["about-you"])
        member.post(f"{SEND}themes/", answers["themes"])
        for theme in themes[:-1]:
            member.post(f"{SEND}{theme}/", answers[theme])
        return member.get(f"{SEND}general/").content.decode()

    alone = at_general(("general",))
    third = at_general(("workload", "sv-dbv", "general"))

    assert "Theme 1 of 1" in alone and f'href="{SEND}themes/"' in alone
    assert "Theme 3 of 3" in third and f'href="{SEND}sv-dbv/"' in third

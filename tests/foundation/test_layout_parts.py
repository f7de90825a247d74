"""The layout's header, phase banner and footer ({% layout_part %}, nasuwt_send.templatetags.layout_links):
rendered once per process for each navigation state, and the same HTML the includes gave."""

from unittest import mock

import pytest
from django.template import engines
from django.test import RequestFactory
from django.test.html import parse_html

from nasuwt_send.templatetags import layout_links

pytestmark = pytest.mark.django_db

# The navigation as the header's include wrote it, reading request.path itself, before {% layout_part %}.
NAVIGATION_BEFORE = """{% load layout_links %}<ul class="govuk-service-navigation__list" id="navigation">
  {% layout_url 'evidence:call_for_evidence' as evidence_url %}
  <li class="govuk-service-navigation__item{% if request.path|slice:':10' == '/evidence/' %} govuk-service-navigation__item--active{% endif %}">
    <a class="govuk-service-navigation__link" href="{{ evidence_url }}"{% if request.path == evidence_url %} aria-current="page"{% elif request.path|slice:':10' == '/evidence/' %} aria-current="true"{% endif %}>Send evidence</a>
  </li>
  {% layout_url 'consultation:overview' as response_url %}
  <li class="govuk-service-navigation__item{% if request.path|slice:':10' == '/response/' %} govuk-service-navigation__item--active{% endif %}">
    <a class="govuk-service-navigation__link" href="{{ response_url }}"{% if request.path == response_url %} aria-current="page"{% elif request.path|slice:':10' == '/response/' %} aria-current="true"{% endif %}>The union's response</a>
  </li>
  {% layout_url 'evidence:members_told_us' as told_url %}
  <li class="govuk-service-navigation__item{% if request.path|slice:':22' == '/what-members-told-us/' %} govuk-service-navigation__item--active{% endif %}">
    <a class="govuk-service-navigation__link" href="{{ told_url }}"{% if request.path == told_url %} aria-current="page"{% endif %}>What members told us</a>
  </li>
</ul>"""
PATHS = [
    "/",
    "/evidence/",
    "/evidence/send/about-you/",
    "/response/",
    "/response/questions/3/",
    "/what-members-told-us/",
    "/what-members-told-us/workload/",
    "/privacy/",
]


@pytest.fixture(autouse=True)
def nothing_kept():
    layout_links._parts.clear()
    yield
    layout_links._parts.clear()


def part(path: str, name: str = "includes/header.html") -> str:
    request = RequestFactory().get(path)
    page = engines["django"].from_string("{% load layout_links %}{% layout_part name %}")
    return page.render({"name": name, "education_team_email": "education@example.org"}, request)


@pytest.mark.parametrize("path", PATHS)
def test_the_navigation_is_what_the_include_gave_on_every_kind_of_page(path):
    before = engines["django"].from_string(NAVIGATION_BEFORE).render({}, RequestFactory().get(path))
    header = part(path)
    navigation = header[header.index('<ul class="govuk-service-navigation__list"') :]
    navigation = navigation[: navigation.index("</ul>") + len("</ul>")]

    assert parse_html(navigation) == parse_html(before)
    assert 'class="union-header__name"' in header


def test_each_part_is_rendered_once_per_navigation_state():
    with mock.patch.object(layout_links, "render_to_string", wraps=layout_links.render_to_string) as renders:
        for path in [
            "/privacy/",
            "/accessibility/",
            "/",
            "/evidence/send/themes/",
            "/evidence/send/workload/",
        ]:
            part(path)
            part(path, "includes/footer.html")

    headers = [call for call in renders.call_args_list if call.args[0] == "includes/header.html"]
    footers = [call for call in renders.call_args_list if call.args[0] == "includes/footer.html"]
    assert len(headers) == 2  # outside every section; within "Send evidence"
    assert len(footers) == 1


def test_the_contact_address_is_part_of_what_is_kept():
    request = RequestFactory().get("/")
    page = engines["django"].from_string('{% load layout_links %}{% layout_part "includes/footer.html" %}')

    first = page.render({"education_team_email": "one@example.org"}, request)
    second = page.render({"education_team_email": "two@example.org"}, request)

    assert "mailto:one@example.org" in first and "mailto:two@example.org" in second


def test_a_page_marks_its_own_link_and_its_sections(client):
    html = client.get("/evidence/").content.decode()

    assert 'href="/evidence/" aria-current="page">Send evidence</a>' in html
    assert "govuk-service-navigation__item--active" in html

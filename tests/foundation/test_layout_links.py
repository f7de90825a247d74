"""The layout's links (nasuwt_send.templatetags.layout_links): reverse()'s addresses, worked out once."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from nasuwt_send import kept_urls
from nasuwt_send.templatetags import layout_links

pytestmark = pytest.mark.django_db

LAYOUT_VIEWS = [
    "home",
    "evidence:call_for_evidence",
    "consultation:overview",
    "evidence:members_told_us",
    "privacy",
    "accessibility",
]


@pytest.fixture(autouse=True)
def nothing_kept():
    kept_urls._reversed.cache_clear()
    layout_links._parts.clear()
    yield
    kept_urls._reversed.cache_clear()
    layout_links._parts.clear()


def test_every_layout_link_is_the_address_reverse_gives(client):
    html = client.get("/privacy/").content.decode()
    links = set(re.findall(r'<a [^>]*href="(/[^"]*)"', html))
    assert {reverse(name) for name in LAYOUT_VIEWS} <= links


def test_the_navigation_still_marks_the_page_it_is_on(client):
    html = client.get("/evidence/").content.decode()
    assert f'href="{reverse("evidence:call_for_evidence")}" aria-current="page"' in html


def test_each_address_is_reversed_once_per_process_not_per_page(client):
    with mock.patch.object(kept_urls, "reverse", wraps=reverse) as reversing:
        client.get("/privacy/")
        client.get("/accessibility/")
        client.get("/privacy/")
    reversed_names = [call.args[0] for call in reversing.call_args_list]
    assert set(LAYOUT_VIEWS) <= set(reversed_names)
    assert len(reversed_names) == len(set(reversed_names)), "each once"

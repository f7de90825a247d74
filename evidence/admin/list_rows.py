"""The submission list's rows, each column worked out once per page instead of once per cell.

Django's admin (``items_for_result``) works out every cell of every row afresh: which field the column
is, its label and class, the change page's address (a ``reverse()`` and, on a filtered list, a
``resolve()`` to keep the filters), the checkbox through the form widgets' templates (133 us a row), the
date through the locale's format (48 us), a choice's label by flattening the field's choices again.
Issue 16 found it 130-170 ms of a 175-221 ms list page through gunicorn on a loaded machine; in process
at 1,000 rows, 20 ms for 50 rows, against 4-7 ms here (bench/stack/admin_filters.py --profile).

Rules:

- **Django's HTML to the byte.** What a column shows is made by Django's own functions
  (``display_for_field``, ``display_for_value``, ``dateformat.format`` with the locale's format, the
  checkbox widget, ``add_preserved_filters``), the checkbox and the address once for a stand-in row whose
  id and name are then filled in; tests/evidence/admin/test_list_rows.py compares every cell with
  ``items_for_result``'s.
- **Anything this does not know, Django does.** An editable list, a pop-up, a column given as a function
  rather than a name, a widget or address that does not carry the stand-in through: the whole list goes
  through ``items_for_result`` as before.
"""

import datetime
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field, quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

Cell = Callable[[Any], str]  # a row's object -> its cell's HTML, escaped, <td> included
Shown = Callable[[Any], tuple[str, str]]  # a row's object -> what its cell shows (HTML) and its classes

# Stand-ins for a row's id and name in HTML made once per page: letters and digits only, so neither
# escaping, the admin's quote() nor reverse() changes them, and the first one found is the stand-in's.
ROW_ID, ROW_NAME = "0rowid0", "0rowname0"


def result_list(cl: ChangeList) -> dict[str, Any]:
    """What Django's ``{% result_list %}`` gives its template (admin/change_list_results.html)."""
    headers = list(admin_list.result_headers(cl))
    return {
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows(cl),
    }


def rows(cl: ChangeList) -> list[list[SafeString]]:
    results = list(cl.result_list)
    cells = columns(cl, results[0]) if results and not (cl.formset or cl.is_popup) else None
    if cells is None:
        return [list(admin_list.items_for_result(cl, result, None)) for result in results]
    # Each cell escapes what it shows, as items_for_result does (and the tests compare them).
    return [[mark_safe(cell(result)) for cell in cells] for result in results]  # noqa: S308


def columns(cl: ChangeList, first_row: models.Model) -> list[Cell] | None:
    """One function per column of ``cl.list_display``, or None where Django must render the list."""
    cells = []
    link_pending = True  # Django's "first": the first linked column is the row's header, <th>
    for name in cl.list_display:
        if not isinstance(name, str):
            return None
        linked = _links(cl, name, link_pending)
        shown = _column(cl, name, first_row, linked)
        if shown is None:
            return None
        cell = _linked(cl, shown, "th" if link_pending else "td") if linked else _unlinked(shown)
        if cell is None:
            return None
        link_pending = link_pending and not linked
        cells.append(cell)
    return cells


def _links(cl: ChangeList, name: str, first: bool) -> bool:
    links: Any = cl.list_display_links  # None for no links at all (the stubs do not say so)
    if links is None:
        return False
    if first and not links:
        return True
    return name in links


def _column(cl: ChangeList, name: str, first_row: models.Model, linked: bool) -> Shown | None:
    model_admin = cl.model_admin
    empty = str(model_admin.get_empty_value_display())
    field_class = f"field-{name}"
    if name == "action_checkbox" and type(model_admin).action_checkbox is ModelAdmin.action_checkbox:
        return _checkbox()
    try:
        field, _, _ = lookup_field(name, first_row, model_admin)
    except ObjectDoesNotExist:
        return None
    if field is None or field.auto_created:
        return _computed(name, model_admin, empty, field_class)
    if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
        field_class += " nowrap"
    if isinstance(field.remote_field, models.ManyToOneRel):
        return _related(name, empty, field_class)
    if field.flatchoices:
        return _choice(name, field, empty, field_class)
    if isinstance(field, models.DateTimeField):
        return _moment(name, empty, field_class)
    return _plain(name, field, empty, field_class, linked)


def _checkbox() -> Shown | None:
    """Django's ``ModelAdmin.action_checkbox``, through the widget's templates once per page."""
    label = format_html(gettext("Select this object for an action - {}"), ROW_NAME)
    box = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
    rendered = box.render(ACTION_CHECKBOX_NAME, ROW_ID)
    if ROW_ID not in rendered:  # a widget template of our own that writes the value otherwise
        return None
    html = _as_format(rendered)

    def shown(obj: Any) -> tuple[str, str]:
        return html.format(escape(obj.pk), escape(obj)), "action-checkbox"

    return shown


def _computed(name: str, model_admin: Any, empty_default: str, field_class: str) -> Shown:
    """A method of the admin or the model (``lookup_field``'s other branches), shown as Django shows it."""

    def shown(obj: Any) -> tuple[str, str]:
        attr: Any
        try:
            _, attr, value = lookup_field(name, obj, model_admin)
        except ObjectDoesNotExist:
            return empty_default, field_class
        empty = getattr(attr, "empty_value_display", empty_default)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        html = conditional_escape(display_for_value(value, empty, boolean))
        if isinstance(value, datetime.date | datetime.time):
            return html, f"{field_class} nowrap"
        return html, field_class

    return shown


def _related(name: str, empty: str, field_class: str) -> Shown:
    def shown(obj: Any) -> tuple[str, str]:
        try:
            related = getattr(obj, name)
        except ObjectDoesNotExist:
            return empty, field_class
        return (empty if related is None else conditional_escape(related)), field_class

    return shown


def _choice(name: str, field: Any, empty: str, field_class: str) -> Shown:
    """A choice's label: the field's choices flattened and escaped once, not once per row."""
    labels = {value: conditional_escape(label) for value, label in field.flatchoices}

    def shown(obj: Any) -> tuple[str, str]:
        value = getattr(obj, name)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        return labels.get(value, empty), field_class

    return shown


def _moment(name: str, empty: str, field_class: str) -> Shown:
    """``display_for_field``'s date and time (``localize(template_localtime(value))``), with the
    locale's format and the time zone looked up once: 48 -> 18 us a row."""
    shown_format, zone = get_format("DATETIME_FORMAT"), timezone.get_current_timezone()

    def shown(obj: Any) -> tuple[str, str]:
        value = getattr(obj, name)
        if value is None:
            return empty, field_class
        if settings.USE_TZ and not timezone.is_naive(value):
            value = value.astimezone(zone)
        return escape(dateformat.format(value, shown_format)), field_class

    return shown


def _plain(name: str, field: Any, empty: str, field_class: str, linked: bool) -> Shown:
    def shown(obj: Any) -> tuple[str, str]:
        value = getattr(obj, name)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        return conditional_escape(display_for_field(value, field, empty, avoid_link=linked)), field_class

    return shown


def _unlinked(shown: Shown) -> Cell:
    return lambda obj: _cell("td", *shown(obj))


def _linked(cl: ChangeList, shown: Shown, tag: str) -> Cell | None:
    """The change page's address (with the list's filters kept) made once, for a stand-in id."""
    try:
        url = cl.url_for_result(cast(models.Model, _StandIn(cl.pk_attname)))
    except NoReverseMatch:
        return lambda obj: _cell(tag, *shown(obj))
    if ROW_ID not in url:
        return None
    context: dict[str, Any] = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    address = _as_format(escape(add_preserved_filters(context, url)), names=False)

    def cell(obj: Any) -> str:
        html, classes = shown(obj)
        href = address.format(escape(quote(obj.pk)))
        return f'<{tag} class="{classes}"><a href="{href}">{html}</a></{tag}>'

    return cell


def _cell(tag: str, html: str, classes: str) -> str:
    return f'<{tag} class="{classes}">{html}</{tag}>'


def _as_format(html: str, names: bool = True) -> str:
    """HTML made for the stand-in row, as a format string: {0} its id, {1} its name."""
    braces = html.replace("{", "{{").replace("}", "}}")
    template = braces.replace(ROW_ID, "{0}", 1)
    return template.replace(ROW_NAME, "{1}", 1) if names else template


class _StandIn:
    def __init__(self, pk_attname: str):
        setattr(self, pk_attname, ROW_ID)

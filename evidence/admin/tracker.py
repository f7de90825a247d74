"""The local authority tracker page (see evidence/tracker.py for the figures)."""

from django.template.response import TemplateResponse

from evidence import tracker


def tracker_view(model_admin, request):
    show = request.GET.get("show", "")
    if show not in tracker.FILTERS:
        show = ""
    rows = tracker.authority_rows(show)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Local authority tracker",
        "opts": model_admin.model._meta,
        "rows": rows,
        "show": show,
        "filters": tracker.FILTERS.items(),
        "can_record": request.user.has_perm("evidence.add_programmemembership"),
    }
    return TemplateResponse(request, "admin/evidence/tracker.html", context)

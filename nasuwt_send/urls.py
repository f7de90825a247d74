from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from nasuwt_send import metrics, views

admin.site.site_header = "NASUWT SEND evidence: Education Team"
admin.site.site_title = "NASUWT SEND evidence"
admin.site.index_title = "Evidence, consultation content and staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("admin/", admin.site.urls),
    path("", include("consultation.urls")),
    path("", include("evidence.urls")),
]

handler400 = "nasuwt_send.views.bad_request"
handler403 = "nasuwt_send.views.permission_denied"
handler404 = "nasuwt_send.views.page_not_found"
handler500 = "nasuwt_send.views.server_error"

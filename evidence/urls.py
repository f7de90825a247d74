from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("evidence/", views.coming_soon, name="call_for_evidence"),
]

from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("evidence/", views.call_for_evidence, name="call_for_evidence"),
    path("evidence/themes/<slug:slug>/", views.theme, name="theme"),
    path("evidence/send/", views.start, name="start"),
    path("evidence/send/attachments/", views.attachments, name="attachments"),
    path("evidence/send/check-your-answers/", views.check_answers, name="check_answers"),
    path("evidence/send/save/", views.save, name="save"),
    path("evidence/send/saved/", views.saved, name="saved"),
    path("evidence/return/<str:token>/", views.open_link, name="saved_form"),
    path("evidence/send/<slug:step>/", views.step, name="step"),
    path("evidence/sent/", views.sent, name="sent"),
    path("what-members-told-us/", views.members_told_us, name="members_told_us"),
    path("what-members-told-us/figures.csv", views.members_told_us_csv, name="members_told_us_csv"),
    path("what-members-told-us/figures.json", views.members_told_us_json, name="members_told_us_json"),
]

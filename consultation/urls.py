from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("response/", views.overview, name="overview"),
    path("response/union-response/", views.response, name="response"),
    path("response/questions/", views.question_list, name="questions"),
    path("response/questions/<int:number>/", views.question, name="question"),
    path("response/search/", views.search, name="search"),
    path("response/downloads/nasuwt-answers.json", views.answers_json, name="answers_json"),
    path("response/downloads/nasuwt-answers.csv", views.answers_csv, name="answers_csv"),
]

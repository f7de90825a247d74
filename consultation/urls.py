from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("response/", views.coming_soon, name="overview"),
]

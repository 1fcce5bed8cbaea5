from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("dictionary/", views.dictionary, name="dictionary"),
    path("templates/", views.dictionary, name="templates"),
    path("templates/<str:label>.xlsx", views.template, name="template"),
]

from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("dictionary/", views.dictionary, name="dictionary"),
    path("templates/", views.dictionary, name="templates"),
    path("templates/workbook.xlsx", views.workbook, name="workbook_template"),
    path("templates/<str:label>.xlsx", views.template, name="template"),
]

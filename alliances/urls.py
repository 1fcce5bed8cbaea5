from django.urls import path

from . import views

app_name = "alliances"
urlpatterns = [
    path("alliances/", views.AllianceListView.as_view(), name="alliance_list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance_detail"),
    path("institutions/", views.InstitutionListView.as_view(), name="institution_list"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
]

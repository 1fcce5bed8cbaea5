from django.urls import path

from . import views

app_name = "releases"
urlpatterns = [
    path("releases/", views.release_list, name="list"),
    path("releases/compare/", views.compare, name="compare"),
    path("releases/<str:version>/download.<str:extension>", views.download, name="download"),
    path("releases/<str:version>/", views.release_detail, name="detail"),
    path("releases/<str:version>/<str:table>/", views.release_table, name="table"),
    path("releases/<str:version>/<str:table>/<path:key>/", views.release_record, name="record"),
]

from django.urls import path

from . import views

app_name = "trade"
urlpatterns = [
    path("trade/", views.explorer, name="explorer"),
    path("trade/data.<str:extension>", views.download, name="download"),
    path("statistics/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("statistics/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
]

from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("cooperation/", views.mode_list, name="mode_list"),
    path("cooperation/projects/", views.ProjectListView.as_view(), name="project_list"),
    path("cooperation/projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("cooperation/milestones/", views.MilestoneListView.as_view(), name="milestone_list"),
    path("problems/", views.ProblemListView.as_view(), name="problem_list"),
    path("problems/<slug:slug>/", views.problem_detail, name="problem_detail"),
    path("recommendations/<slug:slug>/", views.recommendation_detail, name="recommendation_detail"),
]

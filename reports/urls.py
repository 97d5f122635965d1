from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("api/search", views.search_json, name="search-json"),
    path("api/issues", views.issues_json, name="issues-json"),
    path("api/trends", views.trends_json, name="trends-json"),
]

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/text.txt", views.report_text, name="report-text"),
    path("reports/<int:pk>/copies/", views.report_copies, name="report-copies"),
    path("reports/<int:pk>/copies/<int:source>/", views.report_copy_source, name="report-copy-source"),
    path("reports/<int:pk>/original", views.report_original, name="report-original"),
    path("reports/<int:pk>/forms/<int:form>", views.report_form, name="report-form"),
    path("copies/", views.copy_overview, name="copies"),
    path("issues/", views.issue_list, name="issues"),
    path("search/", views.search, name="search"),
    path("trends/", views.trends, name="trends"),
    path("townships/<int:pk>/", views.township_detail, name="township"),
    path("coverage/", views.coverage, name="coverage"),
    path("api/search", views.search_json, name="search-json"),
    path("api/issues", views.issues_json, name="issues-json"),
    path("api/trends", views.trends_json, name="trends-json"),
    path("healthz", views.health, name="health"),
]

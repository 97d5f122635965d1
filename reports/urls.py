from django.urls import path

from reports.views import api, copies, feeds, following, lists, report, search, system, words

app_name = "reports"

urlpatterns = [
    path("", lists.home, name="home"),
    path("reports/", lists.report_list, name="reports"),
    path("reports/<int:pk>/", report.report_detail, name="report"),
    path("reports/<int:pk>/text.txt", report.report_text, name="report-text"),
    path("reports/<int:pk>/copies/", copies.report_copies, name="report-copies"),
    path("reports/<int:pk>/copies/<int:source>/", copies.report_copy_source, name="report-copy-source"),
    path("reports/<int:pk>/original", report.report_original, name="report-original"),
    path("reports/<int:pk>/forms/<int:form>", report.report_form, name="report-form"),
    path("copies/", copies.copy_overview, name="copies"),
    path("copies/check/", copies.copy_check, name="copy-check"),
    path("issues/", lists.issue_list, name="issues"),
    path("figures/", lists.figure_list, name="figures"),
    path("plans/", lists.plan_list, name="plans"),
    path("search/", search.search, name="search"),
    path("search/feed/", feeds.search_feed, name="search-feed"),
    path("reports/feed/", feeds.report_feed, name="reports-feed"),
    path("issues/feed/", feeds.issue_feed, name="issues-feed"),
    path("plans/feed/", feeds.plan_feed, name="plans-feed"),
    path("figures/feed/", feeds.figure_feed, name="figures-feed"),
    path("searches/", following.saved_searches, name="saved-searches"),
    path("searches/follow/", following.follow, name="follow-search"),
    path("trends/", search.trends, name="trends"),
    path("words/", words.word_list, name="words"),
    path("townships/<int:pk>/", report.township_detail, name="township"),
    path("coverage/", lists.coverage, name="coverage"),
    path("api/search", api.search_json, name="search-json"),
    path("api/issues", api.issues_json, name="issues-json"),
    path("api/trends", api.trends_json, name="trends-json"),
    path("api/words", api.words_json, name="words-json"),
    path("healthz", system.health, name="health"),
]

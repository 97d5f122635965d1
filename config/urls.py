from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

admin.site.site_header = "乡镇工作报告档案库"
admin.site.site_title = "乡镇工作报告档案库"
admin.site.index_title = "档案管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): the archive's one.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
    path("", include("reports.urls")),
]

handler500 = "reports.views.system.server_error"

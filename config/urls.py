from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "乡镇工作报告档案库"
admin.site.site_title = "乡镇工作报告档案库"
admin.site.index_title = "档案管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
]

from django.urls import path

from . import change_views, export_views, views

app_name = "reports"
urlpatterns = [
    path("", views.results_view, name="results"),
    path("observations/", views.observation_matrix_view, name="observations"),
    path("compare/", change_views.compare_view, name="compare"),
    path("export.xlsx", views.workbook_view, name="workbook"),
    path("export/<slug:sheet>.csv", views.csv_view, name="csv"),
    path("exports/", export_views.exports_view, name="exports"),
    path("exports/<int:pk>/status.json", export_views.export_status, name="export_status"),
    path("exports/<int:pk>/file.xlsx", export_views.export_file, name="export_file"),
]

from .views import ObservationViews

app_name = "observations"
urlpatterns = ObservationViews().urls()

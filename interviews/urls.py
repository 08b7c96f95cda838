from .views import InterviewViews

app_name = "interviews"
urlpatterns = InterviewViews().urls()

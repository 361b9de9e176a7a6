from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("<str:token>/", views.shared_preview, name="shared-preview"),
]

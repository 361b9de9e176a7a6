from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("songs/", views.SongListView.as_view(), name="song-list"),
    path("songs/<slug:slug>/", views.SongDetailView.as_view(), name="song-detail"),
]

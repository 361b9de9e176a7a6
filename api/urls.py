"""/api/v1/: each kind's list and detail, search, the OpenAPI document and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import views
from .index import IndexView
from .searching import SearchView

app_name = "api"

urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("films/", views.FilmList.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetail.as_view(), name="film-detail"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetail.as_view(), name="person-detail"),
    path("characters/", views.CharacterList.as_view(), name="character-list"),
    path("characters/<int:pk>/", views.CharacterDetail.as_view(), name="character-detail"),
    path("songs/", views.SongList.as_view(), name="song-list"),
    path("songs/<slug:slug>/", views.SongDetail.as_view(), name="song-detail"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<str:slug>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<str:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
    path("search/", SearchView.as_view(), name="search"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
]

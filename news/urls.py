from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("feed/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feed/people/<slug:slug>/", feeds.PersonFeed(), name="person-feed"),
    path("topics/<str:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<str:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    path("<str:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
]

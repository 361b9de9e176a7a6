from pages.sitemaps import Section

from .models import Article, Topic

SECTIONS = [
    Section("articles", "news:article-detail", Article.objects.published, counter=Article.objects.count_published),
    # A topic page changes with every article in it; working out when would cost a pass over all
    # its articles, so its entries carry no <lastmod> (the protocol makes it optional).
    Section("topics", "news:topic-detail", Topic.objects.published, lastmod_field=None),
]

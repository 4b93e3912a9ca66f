"""Previous and next post, set once on each article (no lookup in the templates).

``article.older`` and ``article.newer``: the neighbours in the published
list (newest first), ``None`` at either end and on drafts or hidden posts.
"""

from pelican import signals


def link_neighbours(generator):
    # ``article_generator_finalized``: the published list is sorted and final.
    for article in getattr(generator, "drafts", []) + getattr(generator, "hidden_articles", []):
        article.older = article.newer = None
    articles = generator.articles
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None


def register():
    signals.article_generator_finalized.connect(link_neighbours)

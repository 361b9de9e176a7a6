"""The benchmark's fixed queries still fit the corpus it generates (bench/search_corpus.py)."""

from bench.search_bench import QUERIES, read_queries
from bench.search_corpus import Corpus, make_queries


def test_the_query_file_is_what_the_corpus_gives():
    corpus = Corpus(people=10_000, articles=0)
    corpus.make_people()
    assert read_queries() == make_queries(corpus), f"run bench/search_bench.py --write-queries to refresh {QUERIES}"
    assert sum(len(queries) for queries in read_queries().values()) == 200


def test_the_corpus_is_the_same_every_time():
    first, second = Corpus(people=50, articles=0), Corpus(people=50, articles=0)
    assert first.make_people() == second.make_people()

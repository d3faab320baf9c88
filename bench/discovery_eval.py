"""Discovery quality: hit@1, hit@5 and MRR of lexical, dense and hybrid ranking on bench/discovery/judged.yaml.

Not a test: it prints figures. Each run uses a database of its own (it is migrated and the judged offers are
(re)created there), on SQLite and on PostgreSQL by default:

    .venv/bin/python bench/discovery_eval.py            # both
    .venv/bin/python bench/discovery_eval.py --sqlite   # or --postgres postgres://postgres@127.0.0.1:5432/discovery_eval

The offers belong to one bench member; needs are ranked among them with the same functions the site uses
(collective.search.lexical_ranking, matching.search.dense_ranking / hybrid_ranking).
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SQLITE_URL = "sqlite:////tmp/discovery_eval.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/discovery_eval"


def run_in(url: str) -> int:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    return subprocess.call([sys.executable, __file__, "--here"], env=env)  # noqa: S603


def evaluate() -> None:
    import logging

    import yaml
    from _common import out
    from django.core.management import call_command
    from django.db import connection

    from collective.choices import OfferStatus, TaxonomyType
    from collective.models import OFFER_PUBLIC, Offer, Taxonomy
    from collective.search import lexical_ranking
    from matching import index
    from matching.choices import Kind
    from matching.search import dense_ranking, hybrid_ranking
    from matching.services import embeddings_refresh
    from members.models import User

    logging.disable(logging.INFO)  # one log line per eager embedding task otherwise
    call_command("migrate", verbosity=0, interactive=False)
    judged = yaml.safe_load((HERE / "discovery" / "judged.yaml").read_text())
    owner, _ = User.objects.get_or_create(username="discovery_eval", defaults={"email": "eval@example.com"})
    Offer.objects.filter(user=owner).delete()
    tools = {}
    for spec in judged["offers"]:
        for name in spec.get("tools", []):
            if name not in tools:
                tools[name], _ = Taxonomy.objects.get_or_create(
                    slug=f"eval-{name.lower().replace(' ', '-')}",
                    defaults={"name": name, "taxonomy_type": TaxonomyType.TOOL})
    key_of = {}
    for spec in judged["offers"]:
        offer = Offer.objects.create(user=owner, title=spec["title"], description=spec["description"],
                                     offer_type=spec["type"], status=OfferStatus.ACTIVE)
        offer.tools.set([tools[name] for name in spec.get("tools", [])])
        key_of[offer.pk] = spec["key"]
    embeddings_refresh(kind=Kind.OFFER, ids=list(key_of))
    index.invalidate(Kind.OFFER)
    candidates = Offer.objects.filter(OFFER_PUBLIC).filter(user=owner)

    modes = {
        "lexical": lambda q: lexical_ranking(candidates, q, 50),
        "dense": lambda q: dense_ranking(Kind.OFFER, candidates, q, limit=50),
        "hybrid": lambda q: hybrid_ranking(Kind.OFFER, candidates, q, limit=50),
    }
    out(f"{connection.vendor}: {len(judged['needs'])} needs, {len(key_of)} offers "
        f"({sum(1 for o in judged['offers'] if o.get('distractor'))} distractors)")
    misses = []
    for mode, rank in modes.items():
        hit1 = hit5 = mrr = 0.0
        for need in judged["needs"]:
            keys = [key_of.get(pk) for pk in rank(need["need"])]
            positions = [n for n, key in enumerate(keys, start=1) if key in need["answers"]]
            first = positions[0] if positions else None
            hit1 += first == 1
            hit5 += first is not None and first <= 5
            mrr += 1 / first if first else 0
            if mode == "hybrid" and (first is None or first > 5):
                misses.append(f"    {need['need']!r}: got {keys[:5]}")
        n = len(judged["needs"])
        out(f"  {mode:8} hit@1 {hit1 / n:6.1%}   hit@5 {hit5 / n:6.1%}   MRR {mrr / n:.3f}")
    if misses:
        out("  hybrid misses (not in the top 5):")
        for line in misses:
            out(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--postgres", nargs="?", const=POSTGRES_URL)
    args = parser.parse_args()
    if args.here:
        sys.path.insert(0, str(HERE))
        evaluate()
    else:
        urls = ([SQLITE_URL] if args.sqlite else []) + ([args.postgres] if args.postgres else [])
        for url in urls or [SQLITE_URL, POSTGRES_URL]:
            if url.startswith("postgres"):
                name = url.rsplit("/", 1)[1]
                subprocess.call(["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc",  # noqa: S603, S607
                                 f"CREATE DATABASE {name}"], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            run_in(url)

"""Embedding throughput and dense-index cost at 100,000 offers (not a test: it prints figures).

    .venv/bin/python bench/discovery_speed.py [--rows 100000]

Embeds N offer-like texts with the configured provider (what `reindex_embeddings` spends besides reading and
writing rows), then times the dense top-k over an N × dims matrix and reports its memory.
"""
import argparse
import random
import time

import numpy as np
from _common import out, timed

from matching.providers import get_provider

WORDS = ["review", "landing", "page", "sign-up", "copy", "layout", "automate", "invoices", "bills", "receipts", "test", "app", "bugs", "beta", "captions", "instagram", "posts", "video", "editing", "podcast", "newsletter", "logo", "brand", "chatbot", "customers", "notes", "meetings", "python", "mentoring", "spreadsheet", "dashboard", "shop", "products", "emails", "ads", "website", "translation", "grant", "resume"]

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=100_000)
args = parser.parse_args()
rng = random.Random(7)
texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) for _ in range(args.rows)]
provider = get_provider()
provider.embed(["warm up"])
start = time.perf_counter()
matrix = np.vstack([provider.embed(texts[i:i + 1000]) for i in range(0, len(texts), 1000)])
elapsed = time.perf_counter() - start
out(f"{provider.name}: embedded {args.rows:,} offer texts in {elapsed:.1f} s ({args.rows / elapsed:,.0f}/s)")
out(f"in-process index: {matrix.nbytes / 1e6:.1f} MB for {args.rows:,} × {matrix.shape[1]} float32")
queries = [provider.embed([q])[0] for q in ("someone to look at my website", "automate my invoices",
                                            "I need someone to test my app", "make my instagram posts faster")]


def top(i):
    sims = matrix @ queries[i % len(queries)]
    best = np.argpartition(-sims, 1000)[:1000]
    return best[np.argsort(-sims[best])]


timed("dense top-1000 over the whole matrix", top, 50)
timed("query embedding", lambda i: provider.embed([f"query number {i} about my website"]), 50)

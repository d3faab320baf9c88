"""The floor: a raw psycopg WSGI app serving the same JSON as `GET /api/v1/offers/` (list, pages, search).

No Django, no ORM, no serializers: one connection per worker, hand-written SQL, `json.dumps`. It answers
with the same counting strategy as the app (`FLOOR_COUNT`: `exact` = COUNT(*), `capped` = count up to
`FLOOR_COUNT_CAP` + 1 rows), so the ratio app/floor measures the framework, not the counting.

    gunicorn -w 2 -b 127.0.0.1:8114 bench.floor_app:app     (http_bench.py starts it)

- `/api/v1/offers/?page=N` (OFFSET) or `?cursor=<created_at>,<id>` (keyset), `page_size` ≤ 100;
- `/api/v1/offers/?q=…`: the same index-backed full-text query as collective.search (stored weighted
  tsvector, GIN index, top-k by ts_rank), then the page's rows.
"""
import json
import os
import re
from urllib.parse import parse_qs

import psycopg

DSN = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
COUNT = os.environ.get("FLOOR_COUNT", "exact")
COUNT_CAP = int(os.environ.get("FLOOR_COUNT_CAP", "1000"))
SEARCH_LIMIT = int(os.environ.get("FLOOR_SEARCH_LIMIT", "200"))
BASE = "http://127.0.0.1"
PUBLIC = ("o.status IN ('active', 'paused') AND NOT o.is_archived AND u.is_active")
FILLER = {"a", "an", "and", "for", "help", "i", "my", "need", "someone", "to", "the", "that", "want", "with", "on",
          "don", "t", "me", "of", "in", "is", "it", "do", "how", "looking", "please", "would", "you", "what"}
_conn = None


def conn():
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(DSN, autocommit=True)
    return _conn


def price_display(pricing: str, cents: int) -> str:
    if pricing == "free":
        return "Free"
    if pricing == "custom":
        return "Contact"
    amount = f"${cents // 100:,}" if cents % 100 == 0 else f"${cents / 100:,.2f}"
    return amount + {"hourly": "/hr", "monthly": "/mo"}.get(pricing, "")


ROW_SQL = f"""
    SELECT o.id, o.slug, o.title, o.description, o.offer_type, o.status, u.username, u.display_name, u.avatar, u.role,
           c.slug, c.name, o.pricing_type, o.price_cents, o.currency, o.is_paid, o.external_url,
           o.featured_image_url, o.banner_url, o.is_featured, o.is_archived, o.view_count, o.connection_count,
           o.created_at, o.updated_at, o.published_at
    FROM collective_offer o JOIN members_user u ON u.id = o.user_id
    LEFT JOIN collective_taxonomy c ON c.id = o.category_id
    WHERE {PUBLIC}"""


def offers_json(cur, rows) -> list[dict]:
    ids = [r[0] for r in rows]
    tools, tags = {}, {}
    if ids:
        cur.execute("""SELECT ot.offer_id, t.slug, t.name, t.logo_url, t.website_url FROM collective_offer_tools ot
                       JOIN collective_taxonomy t ON t.id = ot.taxonomy_id
                       WHERE ot.offer_id = ANY(%s) AND t.taxonomy_type = 'tool' AND t.is_active ORDER BY t.name""",
                    [ids])
        for offer_id, *tool in cur.fetchall():
            tools.setdefault(offer_id, []).append(dict(zip(("slug", "name", "logo_url", "website_url"), tool, strict=True)))
        cur.execute("""SELECT ot.offer_id, t.slug, t.name FROM collective_offer_tags ot
                       JOIN collective_taxonomy t ON t.id = ot.taxonomy_id WHERE ot.offer_id = ANY(%s) ORDER BY t.name""",
                    [ids])
        for offer_id, slug, name in cur.fetchall():
            tags.setdefault(offer_id, []).append({"slug": slug, "name": name})
    results = []
    for r in rows:
        (pk, slug, title, description, offer_type, status, username, display_name, avatar, role, cat_slug, cat_name,
         pricing, cents, currency, is_paid, external, image, banner, featured, archived, views, connections,
         created, updated, published) = r
        results.append({
            "id": pk, "slug": slug, "title": title, "description": description, "offer_type": offer_type,
            "status": status,
            "owner": {"username": username, "display_name": display_name, "avatar_url": f"/media/{avatar}" if avatar else "",
                      "role": role, "web_url": f"{BASE}/@{username}/"},
            "category": {"slug": cat_slug, "name": cat_name} if cat_slug else None,
            "tags": tags.get(pk, []), "tools": tools.get(pk, []),
            "pricing_type": pricing, "price_cents": cents, "currency": currency, "is_paid": is_paid,
            "price_display": price_display(pricing, cents), "external_url": external, "featured_image_url": image,
            "banner_url": banner, "is_featured": featured, "is_archived": archived, "view_count": views,
            "connection_count": connections, "created_at": created.isoformat(), "updated_at": updated.isoformat(),
            "published_at": published.isoformat() if published else None,
            "web_url": f"{BASE}/@{username}/{slug}/",
        })
    return results


def count(cur, where: str = "", params=()) -> int | None:
    base = f"FROM collective_offer o JOIN members_user u ON u.id = o.user_id WHERE {PUBLIC} {where}"
    if COUNT == "exact":
        cur.execute(f"SELECT COUNT(*) {base}", params)  # noqa: S608
    elif COUNT == "capped":
        cur.execute(f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1}) s", params)  # noqa: S608
    else:
        return None
    return cur.fetchone()[0]


def tsquery(q: str) -> str:
    words = [w for w in re.findall(r"\w+", q.lower()) if w not in FILLER] or re.findall(r"\w+", q.lower())
    return (" | " if len(words) >= 3 else " & ").join(words)


def app(environ, start_response):
    params = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    size = min(int(params.get("page_size", 20)), 100)
    cur = conn().cursor()
    if q := params.get("q"):
        terms = tsquery(q)
        cur.execute(f"""SELECT o.id FROM collective_offer o JOIN members_user u ON u.id = o.user_id
                        WHERE {PUBLIC} AND o.search_vector @@ to_tsquery('english', %s)
                        ORDER BY ts_rank(o.search_vector, to_tsquery('english', %s)) DESC, o.id DESC LIMIT %s""",  # noqa: S608
                    [terms, terms, SEARCH_LIMIT])
        ids = [r[0] for r in cur.fetchall()]
        page_ids = ids[:size]
        cur.execute(ROW_SQL + " AND o.id = ANY(%s)", [page_ids])
        by_id = {r[0]: r for r in cur.fetchall()}
        body = {"count": len(ids), "next": None, "previous": None,
                "results": offers_json(cur, [by_id[i] for i in page_ids if i in by_id])}
    elif cursor := params.get("cursor"):
        created, pk = cursor.rsplit(",", 1)
        cur.execute(ROW_SQL + " AND (o.created_at, o.id) < (%s, %s) ORDER BY o.created_at DESC, o.id DESC LIMIT %s",
                    [created, int(pk), size + 1])
        rows = cur.fetchall()
        body = {"count": count(cur), "next": None, "previous": None, "results": offers_json(cur, rows[:size])}
    else:
        page = int(params.get("page", 1))
        cur.execute(ROW_SQL + " ORDER BY o.created_at DESC, o.id DESC LIMIT %s OFFSET %s", [size, (page - 1) * size])
        rows = cur.fetchall()
        body = {"count": count(cur), "next": None, "previous": None, "results": offers_json(cur, rows)}
    data = json.dumps(body).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]

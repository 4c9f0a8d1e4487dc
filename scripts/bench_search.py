#!/usr/bin/env python3
"""Search-quality and search-cost benchmark (a script, not a timed test).

Types each query into the site's header search box in Debian's Chromium, on a local
server that gzips like GitHub Pages, and reports

- recall: the share of queries for which a right page is among the results;
- top-1 and MRR: the share whose first result is a right page, and the mean of
  1 / rank of the first right page (0 when none is found);
- bytes: what the browser transferred for search on a page's first load (before
  search is opened), and from opening search to the results of one query with a
  cold cache (median over queries), and for a second query (warm).

It works on either engine, so the same queries measure before and after: Material's
lunr index (search/search_index.json) or Pagefind (pagefind/).

    scripts/bench_search.py                         # builds this checkout, benchmarks it
    scripts/bench_search.py --site-dir /tmp/site     # an existing build (its site_url must match --port)
    scripts/bench_search.py --series /tmp/series     # the synthetic 100-episode site (make_series_site.py)
    scripts/bench_search.py --json out.json          # also write every figure

Queries are drawn from the section texts and the glossary: 64 Japanese (some written
with full-width Latin, full-width digits or half-width kana, which must find what the
normal spelling finds) and 32 English, each with the page(s) that should come first.
tests/test_search.py asserts the quality figures on the real site.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

E = "ep90/"
OF, US, RP, ES, CK, JN = (E + s + "/" for s in (
    "overall-flow", "us-stance", "recurrence-prevention", "europe-too-slow", "china-key", "japan-not-behind"))
GL, TL, FC, HOME, EP = "glossary/", E + "timeline/", "flashcards/", "", E

# (query, pages that should come first): site paths without the language prefix.
JA = [
    ("トランプ大統領", {OF, CK}), ("就任初日", {OF}), ("大統領選挙戦", {OF}), ("ケロッグ", {OF, GL}),
    ("楽観的", {OF}), ("ミュンヘン安全保障会議", {OF, GL}), ("一堂に会する", {OF}), ("サウジアラビア", {OF, GL}),
    ("米ロ高官級協議", {OF}), ("ルビオ国務長官", {OF, GL}), ("ラブロフ外相", {OF, GL}), ("米ロ首脳会談", {OF}),
    ("４月２０日", {OF}), ("100日間", {OF}), ("経済関係", {OF}),
    ("ボトムライン", {US, GL}), ("ゼレンスキー", {US, GL}), ("独裁者", {US}), ("ナラティブ", {US, GL}),
    ("ﾅﾗﾃｨﾌﾞ", {US, GL}), ("選挙の洗礼", {US}), ("見返り", {US}), ("占領領土", {US}), ("敷居を下げる", {US}),
    ("悪化の一途", {US}), ("ロシアペース", {US}), ("期限を設定", {US}),
    ("再発防止策", {RP}), ("クリミア", {RP, GL}), ("クスクス州", {RP}), ("クルスク州", {RP, GL}),
    ("停戦ライン", {RP, GL}), ("NATO加盟", {RP}), ("ＮＡＴＯ", {RP, GL}), ("共同防衛", {RP, GL}),
    ("相互防衛", {RP}), ("予防線", {RP}), ("最終的地位", {RP}), ("親ロシア派", {RP, GL}), ("再侵攻", {RP}),
    ("非現実的", {RP}), ("安全保障策", {RP}),
    ("他山の石", {ES, GL}), ("醜態", {ES}), ("主体的役割", {ES}), ("米国頼み", {ES}), ("換言すれば", {ES}),
    ("欧州の動きは遅すぎる", {ES}),
    ("戦狼外交", {CK, GL}), ("関税", {CK, GL}), ("楔を打ち込む", {CK, GL}), ("平和の使者", {CK}),
    ("グローバルサウス", {CK, GL}), ("安保理決議", {CK}), ("株を上げる", {CK}), ("中ロ接近", {CK}),
    ("自衛隊", {JN}), ("地雷除去", {JN}), ("復興開発", {JN}), ("日ロ関係正常化", {JN}), ("ぼやぼや", {JN}),
    ("停戦維持部隊", {JN}), ("新たな法律", {JN}), ("用語集", {GL}),
]
EN = [
    ("election campaign", {OF}), ("Kellogg", {OF, GL}), ("too optimistic", {OF}),
    ("Munich Security Conference", {OF, GL}), ("Saudi Arabia", {OF, GL}), ("Rubio", {OF, GL}),
    ("Lavrov", {OF, GL}), ("20 April", {OF}), ("100 days", {OF}),
    ("bottom line", {US, GL}), ("Zelensky", {US, GL}), ("dictator", {US}), ("narrative", {US, GL}),
    ("threshold", {US}), ("occupied territory", {US}),
    ("Crimea", {RP, GL}), ("Kursk", {RP, GL}), ("NATO membership", {RP}), ("ＮＡＴＯ", {RP, GL}),
    ("collective defence", {RP, GL}), ("final status undetermined", {RP}), ("ceasefire line", {RP, GL}),
    ("sorry spectacle", {ES}), ("lesson", {ES}),
    ("wolf warrior", {CK, GL}), ("tariffs", {CK, GL}), ("wedge", {CK, GL}), ("Global South", {CK, GL}),
    ("messenger of peace", {CK}),
    ("mine clearance", {JN}), ("Self-Defense Forces", {JN}), ("dawdle", {JN}),
]
QUERIES = [("ja", q, e) for q, e in JA] + [("en", q, {"en/" + p for p in e}) for q, e in EN]

GZIPPED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".mjs")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text types gzipped (as GitHub Pages does); Pagefind's files are gzip already."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in GZIPPED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def serve(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def engine_of(site: Path) -> str:
    if (site / "pagefind" / "pagefind-entry.json").exists():
        return "pagefind"
    if (site / "search" / "search_index.json").exists():
        return "material"
    raise SystemExit(f"{site}: no search index (pagefind/ or search/search_index.json)")


def is_search_request(url: str) -> bool:
    return any(part in url for part in ("/pagefind/", "search_index.json", "/workers/search", "/study/search."))


RESULTS_JS = """(q) => {
  const input = document.querySelector('.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  if (!input || input.value !== q || !meta || list.getAttribute('aria-busy') === 'true') return false;
  const text = meta.textContent.trim();
  return /\\d/.test(text) || ['何も見つかりませんでした', 'No matching documents'].includes(text);
}"""


def type_query(page, query: str, engine: str) -> None:
    box = page.locator(".md-search__input")
    box.click()
    if engine == "material":
        # Material searches on keyup; kana and kanji are inserted without key events,
        # so end with a real key that leaves the text as it is.
        box.fill("")
        box.press_sequentially(query, delay=10)
        box.press("End")
    else:
        box.fill(query)  # an input event, as typing or an IME commit gives


def result_paths(page, query: str, engine: str, want: set[str] | None = None, limit: int = 200) -> list[str]:
    """Site paths of the result pages, in order, scrolling for more while ``want`` is not among them."""
    page.wait_for_function(RESULTS_JS, arg=query, timeout=90000)
    wrap = page.locator(".md-search__scrollwrap")
    seen = -1
    while True:
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item > a.md-search-result__link",
            "links => links.map(a => new URL(a.href).pathname)")
        paths = [h.lstrip("/") for h in hrefs]
        if len(paths) == seen or len(paths) >= limit or (want is not None and want & set(paths)):
            return paths
        seen = len(paths)
        wrap.evaluate("el => el.scrollTo(0, 0)")
        page.wait_for_timeout(60)
        wrap.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(250)


def resources(page) -> list[tuple[str, int]]:
    return page.evaluate("() => performance.getEntriesByType('resource').map(e => [e.name, e.transferSize])")


def search_bytes(entries: list[tuple[str, int]]) -> dict[str, int]:
    """Search transfers split into the engine (once per visit, cacheable) and the query's own."""
    engine = sum(size for url, size in entries if is_search_request(url) and not is_query_file(url))
    query = sum(size for url, size in entries if is_query_file(url))
    return {"engine": engine, "query": query, "total": engine + query}


def is_query_file(url: str) -> bool:
    """Pagefind's per-query files: index chunks, filter chunks, result fragments."""
    return "/pagefind/" in url and url.rsplit("?", 1)[0].endswith((".pf_index", ".pf_filter", ".pf_fragment"))


def first_right(paths: list[str], expected: set[str]) -> int | None:
    for rank, path in enumerate(paths, 1):
        if path in expected:
            return rank
    return None


def measure(site: Path, base_url: str, queries, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    engine = engine_of(site)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            # First load of a section page: everything, and the search part of it.
            context = browser.new_context(base_url=base_url)
            page = context.new_page()
            page.goto("/" + OF, wait_until="networkidle", timeout=120000)
            page.wait_for_timeout(500)
            entries = page.evaluate(
                "() => performance.getEntriesByType('resource').map(e => [e.name, e.transferSize])")
            nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].transferSize")
            first_load = {"total": nav + sum(s for _, s in entries),
                          "search": sum(s for u, s in entries if is_search_request(u) and "/study/search." not in u),
                          "search_ui": sum(s for u, s in entries if "/study/search." in u)}
            context.close()
            for lang, query, expected in queries:
                context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto("/" if lang == "ja" else "/en/", wait_until="load")
                before = len(resources(page))
                type_query(page, query, engine)
                paths = result_paths(page, query, engine, want=expected)
                cold = search_bytes(resources(page)[before:])
                rank = first_right(paths, expected)
                rows.append({"lang": lang, "query": query, "rank": rank, "results": len(paths),
                             "first": paths[0] if paths else None, "cold": cold})
                context.close()
                log(f"{lang} {query:<24} rank {rank or '-':>3}  first {paths[0] if paths else '-':<36}"
                    f" engine {cold['engine']:>6} B  query {cold['query']:>6} B")
            # Warm: a second query in the same page, after a first one.
            context = browser.new_context(base_url=base_url)
            page = context.new_page()
            warm = []
            for lang in ("ja", "en"):
                page.goto("/" if lang == "ja" else "/en/", wait_until="load")
                pair = [q for q in queries if q[0] == lang][:2]
                if len(pair) < 2:
                    continue
                type_query(page, pair[0][1], engine)
                result_paths(page, pair[0][1], engine, limit=1)
                before = len(resources(page))
                type_query(page, pair[1][1], engine)
                result_paths(page, pair[1][1], engine, limit=1)
                warm.append(search_bytes(resources(page)[before:])["total"])
            context.close()
        finally:
            browser.close()
    return summarise(engine, first_load, rows, warm)


def summarise(engine: str, first_load: dict, rows: list[dict], warm: list[int]) -> dict:
    out = {"engine": engine, "first_load": first_load, "queries": rows, "warm_bytes": warm}
    for lang in ("ja", "en", "all"):
        mine = [r for r in rows if lang == "all" or r["lang"] == lang]
        if not mine:
            continue
        out[lang] = {
            "queries": len(mine),
            "recall": sum(r["rank"] is not None for r in mine) / len(mine),
            "top1": sum(r["rank"] == 1 for r in mine) / len(mine),
            "mrr": sum(1 / r["rank"] for r in mine if r["rank"]) / len(mine),
            "engine_bytes_median": statistics.median(r["cold"]["engine"] for r in mine),
            "query_bytes_median": statistics.median(r["cold"]["query"] for r in mine),
            "query_bytes_max": max(r["cold"]["query"] for r in mine),
            "cold_bytes_median": statistics.median(r["cold"]["total"] for r in mine),
        }
    return out


def report(result: dict) -> str:
    fl = result["first_load"]
    lines = [f"engine: {result['engine']}",
             f"first load of a section page: {fl['total']} B transferred, of which search index/engine "
             f"{fl['search']} B, search UI script {fl['search_ui']} B",
             "from opening search to the results of one query, cold cache (medians):",
             "lang  queries  recall  top-1   MRR    engine B  query B (max)   total B"]
    for lang in ("ja", "en", "all"):
        if lang not in result:
            continue
        r = result[lang]
        lines.append(f"{lang:<5} {r['queries']:>7}  {r['recall']:6.1%}  {r['top1']:6.1%}  {r['mrr']:.3f}  "
                     f"{r['engine_bytes_median']:>8.0f}  {r['query_bytes_median']:>7.0f} ({r['query_bytes_max']})"
                     f"  {r['cold_bytes_median']:>8.0f}")
    lines.append(f"a second query, warm (ja, en): {result['warm_bytes']} B")
    misses = [r for r in result["queries"] if r["rank"] != 1]
    if misses:
        lines.append("not first: " + ", ".join(f"{r['query']} ({r['rank'] or 'none'}: {r['first']})" for r in misses))
    return "\n".join(lines)


def build_site(out: Path, base_url: str) -> Path:
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="an existing build (built with SITE_URL http://127.0.0.1:PORT/)")
    parser.add_argument("--series", type=Path, help="build the synthetic 100-episode site into this folder")
    parser.add_argument("--episodes", type=int, default=100)
    parser.add_argument("--port", type=int, help="server port (required with --site-dir: the build's site_url port)")
    parser.add_argument("--lang", choices=("ja", "en"), help="only this language's queries")
    parser.add_argument("--sample", type=int, help="only every Nth query (a quick look at a slow engine)")
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args(argv)
    if args.site_dir and not args.port:
        parser.error("--site-dir needs --port: the port of the site_url it was built with")
    port = args.port or free_port()
    base_url = f"http://127.0.0.1:{port}/"
    if args.site_dir:
        site = args.site_dir
    elif args.series:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_series_site.py"), "--out", str(args.series),
                        "--episodes", str(args.episodes), "--site-url", base_url], check=True)
        site = args.series / "site"
    else:
        site = build_site(Path(tempfile.mkdtemp(prefix="bench-search-")), base_url)
    queries = [q for q in QUERIES if not args.lang or q[0] == args.lang][::args.sample or 1]
    httpd = serve(site, port)
    try:
        result = measure(site, base_url, queries)
    finally:
        httpd.shutdown()
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=sorted), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

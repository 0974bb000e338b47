"""Every input format loads; every kind of bad file is reported with its name and reason."""

from __future__ import annotations

import json

from kg.errors import LoadError
from kg.loaders import load_paths

BODY = "Peru's army factory FAME signed a framework contract with Hyundai Rotem on Thursday."


def _load(*paths):
    items = list(load_paths(paths))
    return [i for i in items if not isinstance(i, LoadError)], [str(i) for i in items if isinstance(i, LoadError)]


def test_text_with_header(tmp_path):
    path = tmp_path / "001-fame.txt"
    path.write_text(f"Title: FAME deal\nDate: 2024-11-14\nURL: https://news.example.org/a\n\n{BODY}\n")
    (article,), errors = _load(path)
    assert (article.source_id, article.title, article.published, article.url) == (
        "001-fame", "FAME deal", "2024-11-14", "https://news.example.org/a")
    assert article.text == BODY and not errors


def test_markdown_front_matter_and_markup(tmp_path):
    path = tmp_path / "002-md.md"
    path.write_text(f"---\ntitle: A deal\ndate: 2023-05-02\n---\n# A deal\n\n**{BODY}** See [more](http://x).\n")
    (article,), _ = _load(path)
    assert article.title == "A deal" and article.published == "2023-05-02"
    assert article.text == f"{BODY} See more."


def test_html_drops_boilerplate_and_keeps_caption(tmp_path):
    path = tmp_path / "003-page.html"
    path.write_text(
        "<html><head><title>T</title><meta property='article:published_time' content='2024-01-05T08:00:00Z'>"
        "<script>var tracking = 1;</script></head><body><nav>Home World</nav>"
        "<div class='cookie-banner'>We use cookies</div><article><h1>Head</h1>"
        f"<p>{BODY}</p><figure><figcaption>From left, Jorge Zapata signs.</figcaption></figure></article>"
        "<aside>Related: other story</aside><footer>(c) 2024</footer></body></html>"
    )
    (article,), _ = _load(path)
    assert article.text == f"Head\n\n{BODY}\n\nFrom left, Jorge Zapata signs."
    assert article.published == "2024-01-05"


def test_jsonl_aliases_and_a_broken_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "One", "date": "2024-02-01", "text": BODY}),
        "{not json",
        json.dumps({"id": "a2", "body": BODY, "published": "2024-02-02", "link": "https://x.org/2"}),
        json.dumps({"id": "a3", "title": "no text"}),
    ]
    path.write_text("\n".join(lines))
    articles, errors = _load(path)
    assert [(a.source_id, a.published) for a in articles] == [("a1", "2024-02-01"), ("a2", "2024-02-02")]
    assert errors[0].startswith(f"{path} line 2: not valid JSON")
    assert errors[1].startswith(f"{path} line 4: no text")


def test_rss_and_atom_ids(tmp_path):
    rss = tmp_path / "feed.rss"
    rss.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>F</title><item><title>One</title><guid isPermaLink='false'>010-one</guid>"
        "<pubDate>Thu, 14 Nov 2024 09:30:00 GMT</pubDate><description>short</description>"
        f"<content:encoded><![CDATA[<p>{BODY}</p>]]></content:encoded></item></channel></rss>"
    )
    atom = tmp_path / "feed.atom"
    atom.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        "<entry><id>urn:dkg:011-two</id><title>Two</title><updated>2024-03-01T00:00:00Z</updated>"
        f'<content type="text">{BODY}</content></entry></feed>'
    )
    articles, errors = _load(rss, atom)
    assert [(a.source_id, a.published, a.text) for a in articles] == [
        ("010-one", "2024-11-14", BODY), ("011-two", "2024-03-01", BODY)]
    assert not errors


def test_bad_files_are_named_with_their_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "latin1.md").write_bytes("Caf\xe9 deal".encode("latin-1"))
    (tmp_path / "broken.html").write_text("<html><body><div></div></body></html>")
    (tmp_path / "notfeed.xml").write_text("<?xml version='1.0'?><catalog><book/></catalog>")
    (tmp_path / "good.txt").write_text(BODY)
    articles, errors = _load(tmp_path)
    assert [a.source_id for a in articles] == ["good"]
    reasons = "\n".join(errors)
    for expected in ("binary.txt: binary file", "empty.txt: empty file", "latin1.md: not valid UTF-8",
                     "broken.html: malformed HTML", "notfeed.xml: not a readable RSS/Atom feed"):
        assert expected in reasons
    assert len(errors) == 5 and all("\n" not in e for e in errors)


def test_missing_and_unsupported_paths(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    _, errors = _load(tmp_path / "nope", tmp_path / "x.pdf")
    assert errors[0].endswith("nope: no such file or folder")
    assert "x.pdf: unsupported file type .pdf" in errors[1]

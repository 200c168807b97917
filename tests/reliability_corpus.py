"""The bad-input corpus: hostile, broken and odd inputs, written by the tests themselves.

Each case writes one input (a file, a folder, a FIFO, a missing path) under a folder and says what
must become of it: ``coded`` (every document from it is coded), ``failed`` (every item is a
recorded failure whose reason holds ``reason``), or ``mixed`` (some of each: a feed whose XML
breaks half-way, a JSON Lines file with a few bad lines). Used by tests/test_reliability.py (the
normal suite) and bench/reliability.py (which adds the heavy cases and measures memory).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import sqlite3
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Outcome = str  # "coded" | "failed" | "mixed"


@dataclass(frozen=True)
class Case:
    name: str  # file name (the case's input is folder / name)
    write: Callable[[Path], Path]  # writes the input, returns the path to ingest
    outcome: Outcome
    reason: str = ""  # a piece every failure's reason must hold ("" = any reason)
    heavy: bool = False  # only in bench/reliability.py


def report(tag: str, day: int = 24) -> str:
    """A short English wire report the coder finds events in; ``tag`` makes each text unique."""
    return (f"NEW DELHI, April {day} – India expelled two Pakistani diplomats on Thursday, officials said. "
            f"Pakistan closed its airspace to Indian airlines in response. (Reliability case {tag}.)\n")


WORDS = ("pakistan india border talks army closed the airspace minister said officials troops "
         "trade suspended diplomats expelled ceasefire agreed government statement the of and to in on "
         "with for by its their after").split()


def long_line(chars: int, seed: int = 7) -> str:
    """One line of ``chars`` characters: words and spaces, no punctuation, no line break."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:chars]


def many_sentences(count: int) -> str:
    """``count`` sentences; every 50th names two states and an act the coder knows."""
    lines = []
    for number in range(count):
        if number % 50 == 0:
            lines.append(f"India expelled {number % 7 + 2} Pakistani diplomats on day {number}.")
        else:
            lines.append(f"Talks went on for hour {number}.")
    return " ".join(lines) + "\n"


def rss(items: list[str], title: str = "Reliability Wire") -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://wire.example/</link>" + "".join(items) + "</channel></rss>")


def rss_item(number: int, text: str, link: bool = True) -> str:
    link_xml = f"<link>https://wire.example/{number}</link>" if link else ""
    return (f"<item><title>Item {number}</title>{link_xml}<guid>rel-{number}</guid>"
            f"<pubDate>Thu, 24 Apr 2025 10:00:00 GMT</pubDate><description>{text}</description></item>")


def feed_of(count: int, tag: str) -> str:
    return rss([rss_item(n, f"India expelled two Pakistani diplomats ({tag} item {n}).") for n in range(count)])


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# -- writers -------------------------------------------------------------------------------------


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(data() if callable(data) else data)
        return path
    return write


def _text(text: str | Callable[[], str], encoding: str = "utf-8") -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes((text() if callable(text) else text).encode(encoding))
        return path
    return write


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    raw = b"".join(b"\x00" + bytes(range(3)) * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (4).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", report("inside a zip"))
    return buffer.getvalue()


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def _sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('India expelled two Pakistani diplomats.')")
    conn.commit()
    conn.close()
    return path


def _gzip(text: str) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(gzip.compress(text.encode()))
        return path
    return write


def _truncated_gzip(path: Path) -> Path:
    path.write_bytes(gzip.compress((report("truncated gzip") * 50).encode())[:60])
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _empty_folder(path: Path) -> Path:
    path.mkdir()
    return path


def _missing(path: Path) -> Path:
    return path


def _undecodable_name(path: Path) -> Path:
    """A file whose name is not valid UTF-8 (Linux allows any bytes): Python sees surrogates."""
    folder = path
    folder.mkdir()
    name = os.fsencode(folder) + b"/rapport-\xe9t\xe9.txt"
    with open(name, "wb") as stream:
        stream.write(report("undecodable file name").encode())
    return folder


def _symlink_loop(path: Path) -> Path:
    path.mkdir()
    (path / "report.txt").write_text(report("folder with a link loop"))
    (path / "loop").symlink_to(path, target_is_directory=True)
    return path


# -- the corpus ------------------------------------------------------------------------------------

HINDI = ("नई दिल्ली, 24 अप्रैल – भारत ने गुरुवार को दो पाकिस्तानी राजनयिकों को निष्कासित कर दिया, अधिकारियों ने कहा। "
         "पाकिस्तान ने जवाब में भारतीय एयरलाइनों के लिए अपना हवाई क्षेत्र बंद कर दिया।\n")
URDU = ("اسلام آباد، 24 اپریل – پاکستان نے جمعرات کو بھارتی ایئر لائنز کے لیے اپنی فضائی حدود بند کر دی، "
        "حکام نے بتایا۔ بھارت نے دو پاکستانی سفارت کاروں کو ملک بدر کر دیا تھا۔\n")
ARABIC = ("إسلام آباد، 24 أبريل – أغلقت باكستان يوم الخميس مجالها الجوي أمام شركات الطيران الهندية، "
          "وقال مسؤولون إن الهند طردت دبلوماسيين باكستانيين اثنين.\n")
CHINESE = ("新德里4月24日电 印度周四驱逐了两名巴基斯坦外交官，官员表示。巴基斯坦随后宣布对印度航空公司关闭领空，"
           "并暂停与印度的全部贸易。\n")
FRENCH = ("NEW DELHI, 24 avril – L'Inde a expulsé jeudi deux diplomates pakistanais, ont indiqué des responsables. "
          "En réponse, le Pakistan a fermé son espace aérien aux compagnies aériennes indiennes et a suspendu "
          "tout le commerce avec l'Inde, selon un communiqué publié par le ministère des affaires étrangères. "
          "Les deux pays se sont accusés mutuellement de violer le cessez-le-feu dans la région du Cachemire.\n")
ENGLISH_WITH_NAMES = ("ISLAMABAD, April 24 – Pakistan closed its airspace to Indian airlines on Thursday, officials "
                      "said, after protesters in Lahore carried banners reading «پاکستان زندہ باد» and "
                      "«भारत मुर्दाबाद». (Reliability case English with quoted scripts.)\n")


def cases(heavy: bool = False) -> list[Case]:
    """The corpus. With ``heavy``, also the 20 MB text and the 10,000-item feed (bench only)."""
    rng = random.Random(2025)
    base = [
        # empty and whitespace
        Case("empty.txt", _bytes(b""), "failed", "empty file"),
        Case("whitespace.txt", _text(" \t \n\n   \t"), "failed", "whitespace"),
        Case("newlines.txt", _text("\r\n\n" * 500), "failed", "whitespace"),
        Case("bom-only.txt", _bytes(codecs.BOM_UTF8), "failed", "empty file"),
        # binary files
        Case("image.png", _bytes(_png), "failed", "PNG"),
        Case("archive.zip", _bytes(_zip), "failed", "ZIP"),
        Case("document.pdf", _bytes(_pdf), "failed", "PDF"),
        Case("photo.jpg", _bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)), "failed", "JPEG"),
        Case("program", _bytes(b"\x7fELF\x02\x01\x01" + bytes(300)), "failed", "executable"),
        Case("database.sqlite", _sqlite, "failed", "SQLite"),
        Case("random.bin", _bytes(b"\xfe" + rng.randbytes(4000)), "failed", "UTF-8"),
        Case("png-named.txt", _bytes(_png), "failed", "PNG"),
        Case("png-named.html", _bytes(_png), "failed", "PNG"),
        Case("zip-named.jsonl", _bytes(_zip), "failed", "ZIP"),
        # encodings
        Case("invalid-utf8.txt", _bytes(report("invalid utf-8").encode()[:40] + b"\xc3\x28\xa0\xa1"
                                        + report("x").encode()), "failed", "not valid UTF-8"),
        Case("latin1.txt", _text(report("Latin-1, café à Genève").replace("\u2013", "-"), "latin-1"), "failed", "not valid UTF-8"),
        Case("utf16le-bom.txt", _bytes(codecs.BOM_UTF16_LE + report("UTF-16 LE").encode("utf-16-le")), "coded"),
        Case("utf16be-bom.txt", _bytes(codecs.BOM_UTF16_BE + report("UTF-16 BE").encode("utf-16-be")), "coded"),
        Case("utf8-bom.txt", _bytes(codecs.BOM_UTF8 + report("UTF-8 BOM").encode()), "coded"),
        Case("utf16-odd-length.txt", _bytes(codecs.BOM_UTF16_LE + report("odd").encode("utf-16-le") + b"\x00\xd8"),
             "failed", "UTF-16"),
        # control characters and odd Unicode
        Case("few-nulls.txt", _text(report("a few NUL bytes").replace("two", "two\x00")), "coded"),
        Case("many-nulls.txt", _text("\x00".join(report("many NUL bytes"))), "failed", "NUL"),
        Case("control-chars.txt", _text("\x1b[31m\x01\x02" + report("control characters") + "\x07\x08\x0b\x0c"),
             "coded"),
        Case("crlf-and-cr.txt", _text(report("CRLF").replace("\n", "\r\n") + "More text.\rAnd more.\r"), "coded"),
        Case("odd-unicode.txt", _text("\u202e\u200d\ufeff" + report("emoji 🇮🇳🇵🇰 zero-width\u200b and RTL\u202e")
                                      + "e\u0301\u0301\u0301 𝔓𝔞𝔨𝔦𝔰𝔱𝔞𝔫\n"), "coded"),
        Case("punctuation-only.txt", _text("!!! ??? ... 12345 67.89 -- ** // ;; ::\n" * 20), "coded"),
        # sizes and shapes
        Case("long-line.txt", _text(lambda: long_line(200_000)), "coded"),
        Case("long-token.txt", _text(lambda: "a" * 100_000 + " " + report("one 100,000-character token")), "coded"),
        Case("sentences-5000.txt", _text(lambda: many_sentences(5000)), "coded"),
        # languages
        Case("hindi.txt", _text(HINDI), "failed", "Hindi"),
        Case("urdu.txt", _text(URDU), "failed", "Urdu"),
        Case("arabic.txt", _text(ARABIC), "failed", "Arabic"),
        Case("chinese.txt", _text(CHINESE), "failed", "Chinese"),
        Case("french.txt", _text(FRENCH), "failed", "French"),
        Case("english-quoting-other-scripts.txt", _text(ENGLISH_WITH_NAMES), "coded"),
        # HTML
        Case("scripts-only.html", _text("<!doctype html><html><head><script>var a = 1;</script></head><body>"
                                        "<script>document.write('India expelled diplomats');</script>"
                                        "<style>p {color: red}</style><noscript></noscript></body></html>"),
             "failed", "no main text"),
        Case("empty.html", _text("<html></html>"), "failed", "no main text"),
        Case("broken.html", _text("<html><body><div><p>" + report("broken HTML").strip()
                                  + "<p>More <b>unclosed <i>tags and </div></span>< / p >"
                                    "<p>The government also suspended all trade with India, officials said."),
             "coded"),
        Case("deeply-nested.html", _text(lambda: "<html><body>" + "<div>" * 20000 + "<p>" + report("nested").strip()
                                         + "</p>" + "</div>" * 20000 + "</body></html>"), "failed", "no main text"),
        Case("entity-bomb.html", _text('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
                                       + "".join(f'<!ENTITY a{i} "{("&a%s;" % (i - 1 if i > 1 else "")) * 10}">'
                                                 for i in range(1, 10))
                                       + "]><html><body><p>&a9;</p><p>" + report("entity bomb in HTML").strip()
                                       + "</p></body></html>"), "coded"),
        # feeds
        Case("broken-feed.rss", _text(rss([rss_item(n, f"India expelled two Pakistani diplomats (broken feed {n}).")
                                           for n in range(3)])[:-40] + "<item><title>cut"), "mixed", "broken"),
        Case("not-a-feed.rss", _text("this is not XML at all, just words about the border\n"), "failed", "feed"),
        Case("empty-feed.rss", _text(rss([])), "failed", "no entries"),
        Case("feed-without-summaries.rss", _text(rss(["<item><title>x</title><guid>a</guid></item>",
                                                      "<item><guid>b</guid></item>"])), "failed", "no content"),
        Case("feed-100.rss", _text(lambda: feed_of(100, "feed-100")), "coded"),
        Case("billion-laughs.rss", _text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                         + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                                                   for i in range(1, 10))
                                         + ']><rss version="2.0"><channel><title>t</title><item><title>x</title>'
                                           "<description>&lol9;</description></item></channel></rss>"),
             "mixed", "amplification"),
        Case("external-entity.rss", _text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                                          + rss([rss_item(1, "India expelled two Pakistani diplomats &xxe; "
                                                             "(external entity).")])[len('<?xml version="1.0" '
                                                                                         'encoding="utf-8"?>'):]),
             "coded"),
        # JSON Lines
        Case("broken-lines.jsonl", _text(jsonl({"id": "ok-1", "text": report("jsonl ok 1")}, '{"id": "cut", "text": "Ind',
                                               "not json at all", "{'single': 'quotes'}", "[1, 2",
                                               {"id": "ok-2", "text": report("jsonl ok 2")})), "mixed", "JSON"),
        Case("wrong-types.jsonl", _text(jsonl({"id": "t-num", "text": 42}, {"id": "t-list", "text": ["a"]},
                                              {"id": "t-obj", "text": {"a": 1}}, {"id": ["x"], "text": "India."},
                                              {"id": True, "text": "India."}, {"id": "p-int", "text": report("p"),
                                                                               "published": 20250424},
                                              {"id": "p-bad", "text": report("q"), "published": "2025-13-45"},
                                              {"id": "p-digits", "text": report("r"), "published": "99999999"})),
             "failed"),
        Case("missing-fields.jsonl", _text(jsonl({"id": "no-text"}, {"id": "empty-text", "text": ""},
                                                 {"id": "blank-text", "text": "   \n"}, {"title": "only a title"},
                                                 {})), "failed", "text"),
        Case("only-text.jsonl", _text(jsonl({"text": report("a record with only a text")})), "coded"),
        Case("not-objects.jsonl", _text(jsonl([1, 2], json.dumps("a string"), 3, None, True)), "failed", "not an object"),
        Case("deep-nesting.jsonl", _text("[" * 100_000 + "\n" + '{"a":' * 50_000 + "\n"), "failed", "JSON"),
        Case("huge-number.jsonl", _text('{"id": ' + "9" * 5000 + ', "text": "India expelled diplomats."}\n'),
             "failed", "JSON"),
        Case("surrogates.jsonl", _text(jsonl('{"id": "s\\udc80", "text": "' + report("lone \\ud800 surrogate").strip()
                                             + '", "title": "\\udfff"}')), "coded"),
        Case("nul-in-record.jsonl", _text(jsonl({"id": "nul", "text": report("NUL \u0000 inside a record")})), "coded"),
        Case("line-separators.jsonl", _text(jsonl('{"id": "ls", "text": "' + report("U+2028 \u2028 and U+0085 \u0085 "
                                                                                      "inside").strip() + '"}')),
             "coded"),
        Case("invalid-utf8-line.jsonl", _bytes(jsonl({"id": "good", "text": report("good line")}).encode()
                                               + b'{"id": "bad", "text": "\xff\xfe"}\n'), "mixed", "UTF-8"),
        Case("empty.jsonl", _bytes(b""), "failed", "empty"),
        Case("blank-lines.jsonl", _text("\n  \n\t\n"), "failed", "no records"),
        Case("hindi-record.jsonl", _text(jsonl({"id": "hi", "text": "रिकॉर्ड: " + HINDI})), "failed", "Hindi"),
        # compressed files
        Case("report.txt.gz", _gzip(report("gzip")), "coded"),
        Case("truncated.txt.gz", _truncated_gzip, "failed", "decompress"),
        Case("not-gzip.txt.gz", _text(report("named .gz but plain")), "failed", "decompress"),
        # file system oddities
        Case("fifo", _fifo, "failed", "not a regular file"),
        Case("empty-folder", _empty_folder, "failed", "no files"),
        Case("missing.txt", _missing, "failed", "no such file"),
        Case("undecodable-name", _undecodable_name, "coded"),
        Case("link-loop", _symlink_loop, "coded"),
    ]
    if heavy:
        base += [
            Case("text-20mb.txt", _text(lambda: (report("20 MB") + many_sentences(60)) * 3400), "failed", "too long",
                 heavy=True),
            Case("feed-10000.rss", _text(lambda: feed_of(10_000, "feed-10000")), "coded", heavy=True),
        ]
    return base


def write_corpus(folder: Path, heavy: bool = False) -> list[tuple[Case, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    return [(case, case.write(folder / case.name)) for case in cases(heavy)]


def _stored_source(source: str) -> str:
    """A source as the store keeps it (unpaired surrogates become U+FFFD)."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in source)


def rows_of(conn: sqlite3.Connection, path: Path) -> list[tuple[str, str | None, str]]:
    """(status, reason, source) of every stored row that came from ``path``."""
    prefix = _stored_source(str(path))
    rows = conn.execute("SELECT status, reason, source FROM documents").fetchall()
    return [row for row in rows
            if row[2] == prefix or row[2].startswith((prefix + ":", prefix + "#", prefix + "/"))]


def check_case(case: Case, rows: list[tuple[str, str | None, str]]) -> str | None:
    """Why the stored rows do not meet the case's expectation, or None."""
    if not rows:
        return "nothing stored: the input was dropped silently"
    statuses = {status for status, _, _ in rows}
    failures = [reason for status, reason, _ in rows if status == "failed"]
    if any(not reason or not reason.strip() for reason in failures):
        return "a failure without a reason"
    if case.reason and not all(case.reason.lower() in reason.lower() for reason in failures
                               if case.outcome != "mixed") and case.outcome == "failed":
        return f"reasons {failures[:3]} do not mention {case.reason!r}"
    if case.outcome == "mixed" and case.reason and not any(case.reason.lower() in r.lower() for r in failures):
        return f"no failure mentions {case.reason!r}: {failures[:3]}"
    expected = {"coded": {"coded"}, "failed": {"failed"}, "mixed": {"coded", "failed"}}[case.outcome]
    if statuses != expected:
        return f"expected {case.outcome}, stored {sorted(statuses)}: {failures[:3]}"
    return None

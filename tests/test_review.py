"""`reformparse review`: the HTML page is checked in a real headless browser (Debian's Chromium, driven by
Playwright with `executable_path`; Playwright never downloads a browser here). Without a browser those
tests skip with a message; the page's HTML itself is checked without one."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, seed
from reformparse.batch import BatchOptions, run_batch
from reformparse.output.review import read_review, review_page, span_keys, write_review

EXE = Path(sys.executable).parent / "reformparse"
BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = """架空市行政改革実施計画<script>document.title='pwned'</script>

1 目的
この計画は<img src=x onerror="document.body.dataset.pwned=1">架空市の行政改革の取組を定める。

2 取組
取組項目名\t電子申請の推進</script><script>window.pwned=1</script>
所管課\t情報政策課
取組内容\t申請をオンライン化する。"a" & 'b' <b>太字</b>
取組項目名\t窓口の混雑緩和
所管課\t市民課
取組内容\t予約制を導入する。
"""


def chromium() -> str | None:
    return shutil.which("chromium") or next(
        (path for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(path)), None
    )


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium from the system's packages, or skip."""
    executable = chromium()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get install chromium): review page browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright not installed (pip install -e '.[dev]'): review page browser tests skipped")
    with sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def pages_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("review")


def open_page(browser, path: Path):  # noqa: ANN001, ANN201 - playwright objects
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]", state="attached")
    page.errors = errors
    return page


def expected_ids(span, page_ends) -> list[str]:  # noqa: ANN001
    """The element ids of a span's source lines, as the page numbers them."""
    return [
        f"L{line}" if page is None else f"P{page}L{line}"
        for page, first, last in span_keys(span, page_ends)
        for line in range(first, last + 1)
    ]


def page_ends_of(review) -> dict:  # noqa: ANN001
    return {page.number: max((n for n, _ in page.lines), default=0) for page in review.pages}


def check_cards_and_lines(page, review) -> None:  # noqa: ANN001
    """Every initiative has a card whose data-lines name its span, and the span's lines link back."""
    document = review.document
    ends = page_ends_of(review)
    cards = page.evaluate("[...document.querySelectorAll('.card')].map(c => [c.id, c.dataset.lines])")
    assert [card_id for card_id, _ in cards] == [f"i{n}" for n in range(len(document.initiatives))]
    links = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#src a[href]')]"
        ".map(a => [a.parentElement.id, a.getAttribute('href')]))"
    )
    claimed: set[str] = set()
    for index, item in enumerate(document.initiatives):
        ids = expected_ids(item.span, ends)
        spec = cards[index][1]
        assert spec, item.title
        first = ids[0]
        assert links.get(first) == f"#i{index}" or first in claimed, (item.title, first, links.get(first))
        for line_id in ids:
            assert line_id in links, (item.title, line_id)
        claimed.update(ids)


def check_unused_marked(page, review) -> None:  # noqa: ANN001
    """Lines coverage lists as unused are marked as prose or unread; the lines it used are not."""
    document = review.document
    states = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('.chunk > div[id]')].map(d => [d.id, d.className]))"
    )
    pdf = review.is_pdf
    unused = {
        (f"P{page_no}L{line}" if pdf else f"L{line}")
        for page_no, line in review.content - review.line_use.used
    }
    assert unused, "the sample should have unused lines"
    if not pdf:
        assert unused == {f"L{n}" for n in document.coverage.unused_lines}
    for line_id in unused:
        assert set(states[line_id].split()) & {"p", "u"}, (line_id, states[line_id])
    marked = {line_id for line_id, classes in states.items() if set(classes.split()) & {"p", "u"}}
    assert marked == unused
    used = {line for page_no, line in review.line_use.used}
    prose = {
        f"L{p.span.start_line}" for p in document.paragraphs if not pdf and p.span.start_line not in used
    }
    assert prose or pdf
    for line_id in prose:
        assert "p" in states[line_id].split()


def click_highlights(page, review, index: int) -> None:  # noqa: ANN001
    """A click on a card highlights exactly its span's lines; a click on a line's number finds its card."""
    item = review.document.initiatives[index]
    ids = expected_ids(item.span, page_ends_of(review))
    page.click(f"#i{index} h3")
    lit = page.evaluate("[...document.querySelectorAll('.hl')].map(e => e.id)")
    present = page.evaluate("ids => ids.filter(i => document.getElementById(i))", ids)
    assert lit == present and present
    assert page.evaluate(f"document.getElementById('i{index}').classList.contains('on')")
    if review.is_pdf:  # the page the lines are on is marked too
        on = page.evaluate("[...document.querySelectorAll('.page.on')].map(p => p.id)")
        assert on == [f"P{item.span.page}"]
    assert page.evaluate(
        f"(() => {{ const r = document.getElementById('{ids[0]}').getBoundingClientRect(); "
        "const p = document.getElementById('src').getBoundingClientRect(); "
        "return r.bottom > p.top && r.top < p.bottom; })()"
    ), "the first highlighted line is scrolled into view"
    other = 0 if index else len(review.document.initiatives) - 1
    other_line = expected_ids(review.document.initiatives[other].span, page_ends_of(review))[0]
    page.click(f"#{other_line} > a")
    assert page.evaluate(f"document.getElementById('i{other}').classList.contains('on')")
    assert not page.evaluate(f"document.getElementById('i{index}').classList.contains('on')")


# ------------------------------------------------------------------ in the browser


def test_sample_page_in_browser(browser, pages_dir):
    review = read_review(SAMPLES / "results_cards.txt")
    path = pages_dir / "results_cards.html"
    path.write_text(review_page(review), encoding="utf-8")
    page = open_page(browser, path)
    check_cards_and_lines(page, review)
    check_unused_marked(page, review)
    click_highlights(page, review, 2)
    prose = page.evaluate("[...document.querySelectorAll('.chunk > .p')].map(line => line.id)")
    assert len(prose) == review.document.coverage.prose_lines
    for expected in [*prose, prose[0]]:  # the button shows each prose line in turn, then goes round
        page.click("button[data-next=p]")
        assert page.evaluate("[...document.querySelectorAll('.hl')].map(e => e.id)") == [expected]
    header = page.inner_text("header")
    assert review.document.title in header and review.document.municipality_code in header
    checks = page.evaluate("[...document.querySelectorAll('.nt.ck')].map(n => n.className)")
    assert len(checks) == sum(1 for c in review.document.checks if c.span)
    assert all(("ok" in c.split()) != ("mismatch" in c.split()) for c in checks)
    assert page.errors == []
    page.close()


def test_warnings_and_checks_sit_beside_their_lines(browser, pages_dir):
    review = read_review(SAMPLES / "evaluation_sheets.txt")
    document = review.document
    assert document.warnings
    path = pages_dir / "evaluation_sheets.html"
    path.write_text(review_page(review), encoding="utf-8")
    page = open_page(browser, path)
    shown = page.evaluate(
        """() => [...document.querySelectorAll('#src .nt')].map(note => {
            let line = note.previousElementSibling;
            while (line && !line.id) line = line.previousElementSibling;
            return [line ? line.id : null, note.querySelector('b').textContent, note.classList.contains('wn')];
        })"""
    )
    expected = [
        [f"L{note.span.start_line}", note.code, True] for note in document.warnings if note.span is not None
    ] + [
        [f"L{c.span.start_line}", f"{c.code} {'ok' if c.ok else 'mismatch'}", False]
        for c in document.checks
        if c.span is not None
    ]
    assert sorted(shown) == sorted(expected)
    listed = page.evaluate("document.querySelectorAll('header details li').length")
    assert listed >= len(document.warnings) + len(document.checks)
    page.close()


def test_filter_by_status_department_and_text(browser, pages_dir):
    review = read_review(SAMPLES / "results_cards.txt")
    path = pages_dir / "filter.html"
    path.write_text(review_page(review), encoding="utf-8")
    page = open_page(browser, path)
    items = review.document.initiatives
    visible = "[...document.querySelectorAll('.card')].filter(c => !c.hidden).map(c => c.id)"
    status = items[0].status.code
    page.select_option("#fs", status)
    assert page.evaluate(visible) == [
        f"i{n}" for n, item in enumerate(items) if item.status and item.status.code == status
    ]
    page.select_option("#fs", "")
    department = items[-1].departments[0]
    page.select_option("#fd", department)
    assert page.evaluate(visible) == [
        f"i{n}" for n, item in enumerate(items) if department in item.departments
    ]
    page.select_option("#fd", "")
    page.fill("#fq", items[1].title)
    page.wait_for_function(f"() => document.querySelectorAll('.card:not([hidden])').length < {len(items)}")
    assert "i1" in page.evaluate(visible)
    assert len(page.evaluate(visible)) < len(items)
    page.close()


@pytest.fixture(scope="module")
def sample_pdf(pages_dir) -> Path:
    """A bundled sample rendered as a PDF by the test fixtures."""
    pytest.importorskip("fpdf")
    from pdf_fixtures import japanese_font, render_text_report

    if japanese_font() is None:
        pytest.skip("no Japanese font for the fixture PDF")
    path = pages_dir / "results_cards.pdf"
    render_text_report(SAMPLES / "results_cards.txt", path)
    return path


def test_pdf_sample_page_in_browser(browser, pages_dir, sample_pdf):
    review = read_review(sample_pdf)
    assert review.is_pdf and len(review.pages) == review.document.source.pages
    path = pages_dir / "results_cards.pdf.html"
    path.write_text(review_page(review), encoding="utf-8")
    page = open_page(browser, path)
    images = page.evaluate(
        "[...document.querySelectorAll('.page img')].map(i => [i.src.slice(0, 22), i.closest('.page').id])"
    )
    assert images == [["data:image/png;base64,", f"P{n}"] for n in range(1, len(review.pages) + 1)]
    page.locator("#P1 img").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#P1 img').naturalWidth > 0")
    check_cards_and_lines(page, review)
    check_unused_marked(page, review)
    last = len(review.document.initiatives) - 1
    assert review.document.initiatives[last].span.page > 1
    click_highlights(page, review, last)
    assert page.errors == []
    page.close()


def test_hostile_source_is_shown_not_run(browser, pages_dir, tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    path = pages_dir / "hostile.html"
    document = write_review(source, path)
    page = open_page(browser, path)
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.title() == f"review: {document.title}"
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("document.querySelectorAll('#src img, #doc img, #src b, #doc b').length") == 0
    shown = page.inner_text("#src")
    assert "<script>window.pwned=1</script>" in shown and "\"a\" & 'b' <b>太字</b>" in shown
    assert len(page.evaluate("[...document.querySelectorAll('.card')]")) == len(document.initiatives) == 2
    page.close()


def test_founding_report_page_opens_whole(browser, pages_dir):
    """The 4,600-line founding report: every line and card is in the page, a late card's click works."""
    review = read_review(seed("001"))
    path = pages_dir / "seed001.html"
    text = review_page(review)
    path.write_text(text, encoding="utf-8")
    assert len(text.encode()) < 3_000_000
    page = open_page(browser, path)
    count = page.evaluate("document.querySelectorAll('.chunk > div[id]').length")
    assert count == len(review.pages[0].lines) > 4000
    check_cards_and_lines(page, review)
    check_unused_marked(page, review)
    click_highlights(page, review, len(review.document.initiatives) - 1)
    page.close()


# ------------------------------------------------------------------ the page's HTML, without a browser


def test_pdf_page_without_images(sample_pdf):
    review = read_review(sample_pdf, images=False)
    assert [page.image for page in review.pages] == [None] * review.document.source.pages
    text = review_page(review)
    assert "data:image" not in text and text.count('class="noimg"') == len(review.pages)
    assert all(page.lines for page in review.pages)
    # a warning on a line the reader dropped (a page number) is shown at the top of its page
    from reformparse.models import Span, Warning

    dropped = max(n for n, _ in review.pages[1].lines) + 5
    review.document.warnings.append(
        Warning(
            code="test-astray",
            message="on a dropped line",
            span=Span(start_line=dropped, end_line=dropped, page=2),
        )
    )
    text = review_page(review)
    page_two = text[text.index('id="P2"') : text.index('id="P3"')]
    assert page_two.index("test-astray") < page_two.index('id="P2L')


def test_everything_from_the_report_is_escaped(tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    text = review_page(read_review(source))
    assert text.count("<script") == 1 and "<img src=x" not in text and "<b>太字" not in text
    assert html.escape("<script>window.pwned=1</script>") in text
    policy = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    )
    assert "default-src 'none'" in policy and "'sha256-" in policy and "unsafe-inline" not in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), "nothing is loaded from the network"


def test_cli_review_writes_a_page_and_fails_in_one_line(tmp_path):
    out = tmp_path / "page.html"
    done = subprocess.run(
        [str(EXE), "review", str(SAMPLES / "web_page.html"), "-o", str(out)], capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = subprocess.run(
        [str(EXE), "review", str(tmp_path / "nope.txt"), "-o", str(out)],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert missing.returncode == 1 and len(missing.stderr.decode().strip().splitlines()) == 1
    assert b"nope.txt" in missing.stderr and b"Traceback" not in missing.stderr
    stdin = subprocess.run([str(EXE), "review", "-", "-o", str(out)], capture_output=True, input=b"x")
    assert stdin.returncode == 2


def test_batch_review_writes_a_page_beside_each_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("results_cards.txt", "split_pipe_tables.md"):
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path / "out"
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1))
    assert summary.converted == 2 and not list(out.glob("*.review.html"))
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1, review=True))
    assert summary.converted == 2, "a re-run asked for pages converts what has none"
    pages = sorted(p.name for p in out.glob("*.review.html"))
    assert pages == ["results_cards.review.html", "split_pipe_tables.review.html"]
    assert "電子申請システムの導入" in (out / "results_cards.review.html").read_text(encoding="utf-8")
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1, review=True))
    assert summary.skipped == 2
    (folder / "split_pipe_tables.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary")
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1, review=True))
    assert summary.failed == 1 and summary.skipped == 1
    assert sorted(p.name for p in out.glob("*.review.html")) == ["results_cards.review.html"]

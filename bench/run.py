"""`make bench`: speed and memory of reformparse, printed as a table and written to bench/results.json.

Not a test: numbers depend on the machine. Targets are printed beside each figure.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# REFORMPARSE_SHARED: the shared folder (seeds/, real/), for a bench run from another checkout
SHARED = Path(os.environ.get("REFORMPARSE_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
REAL = SHARED / "real"
BIN = Path(sys.executable).parent
EXE = BIN / "reformparse"


def best_of(runs: int, work) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def wall_median(runs: int, command: list[str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from reformparse import extract

    results: dict[str, object] = {}
    rows: list[tuple[str, str, str, str]] = []
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else sorted((ROOT / "samples").glob("*.txt"))
    extract(seeds[0])  # warm imports
    total_bytes = 0
    per_file = {}
    for path in seeds:
        size = path.stat().st_size
        total_bytes += size
        seconds = best_of(3, lambda p=path: extract(p))
        per_file[path.name] = {"cpu_seconds": round(seconds, 4), "mb_per_s": round(size / 1e6 / seconds, 2)}
        rows.append(
            (f"extract {path.name[:24]}", f"{seconds:.3f} s CPU, {size / 1e6 / seconds:.2f} MB/s", "", "")
        )
    all_seconds = best_of(3, lambda: [extract(p) for p in seeds])
    results["extract"] = per_file
    results["all_seeds_cpu_seconds"] = round(all_seconds, 3)
    rows.append(
        (
            "all seeds together",
            f"{all_seconds:.3f} s CPU, {total_bytes / 1e6 / all_seconds:.2f} MB/s",
            "< 1 s",
            ok(all_seconds < 1),
        )
    )

    real = sorted(REAL.glob("*.txt")) if REAL.is_dir() else []
    if real:
        real_seconds = best_of(5, lambda: [extract(p) for p in real])
        real_bytes = sum(p.stat().st_size for p in real)
        results["real_excerpts"] = len(real)
        results["real_cpu_seconds"] = round(real_seconds, 4)
        rows.append(
            (
                f"all {len(real)} real excerpts",
                f"{real_seconds:.3f} s CPU, {real_bytes / 1e6 / real_seconds:.2f} MB/s",
                "",
                "",
            )
        )

    version = wall_median(7, [str(EXE), "--version"])
    smallest = min(seeds, key=lambda p: p.stat().st_size)
    cold = wall_median(7, [str(EXE), "extract", str(smallest)])
    results["cold_start_version_s"] = round(version, 3)
    results["cold_start_extract_s"] = round(cold, 3)
    rows.append(("cold start --version", f"{version:.3f} s", "< 0.4 s", ok(version < 0.4)))
    rows.append((f"cold start extract {smallest.name[:16]}", f"{cold:.3f} s", "< 0.4 s", ok(cold < 0.4)))

    largest = max(seeds, key=lambda p: p.stat().st_size)
    code = (
        "import resource,sys; from reformparse import extract; extract(sys.argv[1]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    peak_kb = int(
        subprocess.run(
            [sys.executable, "-c", code, str(largest)], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    results["peak_rss_mb"] = round(peak_kb / 1024, 1)
    rows.append(
        (f"peak RSS {largest.name[:16]}", f"{peak_kb / 1024:.1f} MB", "< 200 MB", ok(peak_kb / 1024 < 200))
    )

    with tempfile.TemporaryDirectory() as temp:
        temp_dir = Path(temp)
        text = largest.read_text(encoding="utf-8")
        growth = {}
        for factor in (1, 4, 16):
            path = temp_dir / f"x{factor}.txt"
            path.write_text(text * factor, encoding="utf-8")
            growth[factor] = best_of(1 if factor == 16 else 2, lambda p=path: extract(p))
        ratio = growth[16] / growth[1]
        results["growth_seconds"] = {str(k): round(v, 3) for k, v in growth.items()}
        results["growth_16x_ratio"] = round(ratio, 2)
        rows.append(
            (
                "growth 1x/4x/16x",
                " / ".join(f"{growth[f]:.2f}" for f in (1, 4, 16)) + f" s (16x = {ratio:.1f}x)",
                "16x < 20x",
                ok(ratio < 20),
            )
        )

        folder = temp_dir / "batch"
        folder.mkdir()
        samples = seeds
        for n in range(40):
            source = samples[n % len(samples)]
            shutil.copy(source, folder / f"{n:02}{source.suffix}")
        timings = {}
        for jobs in (1, 2):
            out = temp_dir / f"out{jobs}"
            started = time.perf_counter()
            subprocess.run(
                [str(EXE), "batch", str(folder), "-o", str(out), "--jobs", str(jobs)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            timings[jobs] = time.perf_counter() - started
        speedup = timings[1] / timings[2]
        results["batch_seconds"] = {str(k): round(v, 2) for k, v in timings.items()}
        results["batch_speedup"] = round(speedup, 2)
        rows.append(
            (
                "batch 40 files jobs 1 / 2",
                f"{timings[1]:.2f} / {timings[2]:.2f} s ({speedup:.2f}x)",
                ">= 1.7x",
                ok(speedup >= 1.7),
            )
        )

        results.update(pdf_figures(temp_dir, rows))
        results.update(review_figures(temp_dir, largest, rows))

    results["cpus"] = os.cpu_count()
    (ROOT / "bench" / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'figure':40}  {'target':10}  ok")
    for name, figure, target, passed in rows:
        print(f"{name.ljust(width)}  {figure:40}  {target:10}  {passed}")
    print(f"(max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


def pdf_figures(temp_dir: Path, rows: list) -> dict:
    """Pages per second, and reformparse against pdfplumber's own text and table extraction."""
    try:
        import pdfplumber

        from pdf_fixtures import japanese_font, render_text_report
    except ImportError:
        rows.append(("pdf", "n/a (fixtures unavailable)", "", ""))
        return {}
    if japanese_font() is None:
        rows.append(("pdf", "n/a (no Japanese font)", "", ""))
        return {}
    from reformparse import extract

    pdf_path = temp_dir / "sample.pdf"
    render_text_report(ROOT / "samples" / "evaluation_sheets.txt", pdf_path)

    def plumber() -> None:
        with pdfplumber.open(pdf_path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()

    ours = best_of(3, lambda: extract(pdf_path))
    theirs = best_of(3, plumber)
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
    ratio = ours / theirs
    rows.append(
        (f"pdf {pages} pages", f"{pages / ours:.1f} pages/s; pdfplumber alone {theirs:.2f} s", "", "")
    )
    rows.append(("pdf overhead vs pdfplumber", f"{ratio:.2f}x", "<= 1.3x", ok(ratio <= 1.3)))
    return {
        "pdf_pages": pages,
        "pdf_pages_per_s": round(pages / ours, 2),
        "pdf_seconds": round(ours, 3),
        "pdfplumber_seconds": round(theirs, 3),
        "pdf_overhead_ratio": round(ratio, 2),
    }


def review_figures(temp_dir: Path, largest: Path, rows: list) -> dict:
    """The review page of the largest seed: time to build it, its size, and the time a headless
    Chromium (when installed, with Playwright) takes to open it."""
    from reformparse import extract
    from reformparse.output.review import read_review, review_page

    build = best_of(2, lambda: review_page(read_review(largest)))
    alone = best_of(2, lambda: extract(largest))
    page = temp_dir / "review.html"
    page.write_text(review_page(read_review(largest)), encoding="utf-8")
    size = page.stat().st_size / 1e6
    rows.append((f"review page {largest.name[:16]}", f"{build:.2f} s CPU (extract {alone:.2f} s)", "", ""))
    rows.append(("review page size", f"{size:.2f} MB", "< 3 MB", ok(size < 3)))
    out = {
        "review_seconds": round(build, 3),
        "review_extract_seconds": round(alone, 3),
        "review_mb": round(size, 2),
    }
    browser = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser = None
    if browser is None:
        rows.append(("review page opened in Chromium", "n/a (no chromium or playwright)", "", ""))
        return out
    opened = []
    with sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=browser, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(3):
            tab = instance.new_page(viewport={"width": 1280, "height": 800})
            started = time.perf_counter()
            tab.goto(page.as_uri())
            tab.wait_for_selector("body[data-ready]", state="attached")
            tab.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
            opened.append(time.perf_counter() - started)
            tab.close()
        instance.close()
    seconds = statistics.median(opened)
    rows.append(
        ("review page opened in Chromium", f"{seconds:.2f} s to first frame", "< 1.5 s", ok(seconds < 1.5))
    )
    out["review_open_seconds"] = round(seconds, 3)
    return out


def ok(passed: bool) -> str:
    return "yes" if passed else "NO"


if __name__ == "__main__":
    main()

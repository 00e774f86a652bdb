"""Letters benchmark: 1,000 two-page letters rendered in one batch through notifications.letters.

    .venv/bin/python bench/letters.py [--letters 1000] [--chunk-size 50]

No database: the specs are built in memory for generated recipients. Reports seconds per page (median
over chunks), the whole batch's time and the resident memory after every chunk, so a growing heap shows.
Figures go to the console and to bench/results/letters.json.
"""

import argparse
import datetime as dt
import io
import json
import logging
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from faker import Faker  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from notifications.letters import LetterSpec, render_letters  # noqa: E402

REPLIES = [
    "Wir haben Ihre Meldung geprüft und einen Fachbetrieb beauftragt. Der Betrieb meldet sich in den "
    "nächsten Tagen bei Ihnen, um einen Termin zu vereinbaren. Bitte sorgen Sie dafür, dass der Zugang "
    "zur Wohnung und zu den betroffenen Räumen frei ist.",
    "Der Handwerker konnte den Schaden bei seinem ersten Termin nicht vollständig beheben, weil ein "
    "Ersatzteil bestellt werden muss. Die Lieferung ist für die kommende Woche angekündigt; danach "
    "vereinbart der Betrieb einen neuen Termin mit Ihnen.",
    "Das Ersatzteil ist eingetroffen. Bitte beachten Sie, dass während der Arbeiten das Wasser im "
    "gesamten Strang für etwa zwei Stunden abgestellt werden muss. Wir informieren die Nachbarn durch "
    "einen Aushang im Treppenhaus.",
    "Die Arbeiten sind abgeschlossen. Sollte der Mangel erneut auftreten, melden Sie sich bitte unter "
    "Angabe der Vorgangsnummer; wir kümmern uns dann umgehend darum. Vielen Dank für Ihre Geduld.",
]


def make_specs(count: int, seed: int = 5008) -> list[LetterSpec]:
    """Status letters with four replies each: two pages in the DIN 5008 layout."""
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    start = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    specs = []
    for n in range(count):
        salutation = fake.random_element(["Frau", "Herr"])
        first, last = fake.first_name(), fake.last_name()
        reference = f"2026-{n + 1:06d}"
        specs.append(
            LetterSpec(
                template="letters/status.html",
                recipient=(
                    f"{salutation} {first} {last}",
                    fake.street_address(),
                    f"{fake.postcode()} {fake.city()}",
                ),
                context={
                    "salutation": f"Sehr geehrte{'r' if salutation == 'Herr' else ''} {salutation} {last},",
                    "reference": reference,
                    "contact_name": "Sabine Sachbearbeiterin",
                    "ticket": {
                        "reference": reference,
                        "what": "Heizung – Heizkörper wird nicht warm",
                        "place": f"{fake.street_address()}, 2. OG links ({n:05d})",
                        "created_at": start,
                        "status_label": "In Bearbeitung",
                        "status_reason": "",
                    },
                    "messages": [
                        {"at": start + dt.timedelta(days=3 * i), "body": body}
                        for i, body in enumerate(REPLIES)
                    ],
                },
            )
        )
    return specs


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--chunk-size", type=int, default=50)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    specs = make_specs(args.letters)
    render_letters(specs[:1])  # warm-up: fonts, stylesheet, templates, hyphenation dictionary
    rss_before = rss_mb()

    # (letters done, wall seconds, CPU seconds of this process, RSS MB); CPU time is what one core spends,
    # wall time also counts the waits on a shared machine.
    marks: list[tuple[int, float, float, float]] = []
    started, cpu_started = time.perf_counter(), time.process_time()

    def progress(done: int, total: int) -> None:
        marks.append((done, time.perf_counter() - started, time.process_time() - cpu_started, rss_mb()))

    pdf = render_letters(specs, chunk_size=args.chunk_size, progress=progress)
    total_seconds = time.perf_counter() - started
    total_cpu_seconds = time.process_time() - cpu_started
    rss_after = rss_mb()

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 2 * args.letters, f"expected two pages per letter, got {pages} for {args.letters}"
    pages_per_letter = pages / args.letters
    per_page, cpu_per_page = [], []
    previous_done, previous_t, previous_cpu = 0, 0.0, 0.0
    for done, t, cpu, _rss in marks:
        chunk_pages = (done - previous_done) * pages_per_letter
        per_page.append((t - previous_t) / chunk_pages)
        cpu_per_page.append((cpu - previous_cpu) / chunk_pages)
        previous_done, previous_t, previous_cpu = done, t, cpu
    rss_samples = [{"letters": done, "rss_mb": round(rss, 1)} for done, _t, _c, rss in marks]
    # Flat memory: what the heap does after the first chunk settled, not the first chunk's own growth.
    settled = [rss for _d, _t, _c, rss in marks[1:]] or [marks[0][3]]
    result = {
        "letters": args.letters,
        "pages": pages,
        "chunk_size": args.chunk_size,
        "total_seconds": round(total_seconds, 2),
        "seconds_per_page_median": round(statistics.median(per_page), 4),
        "seconds_per_page_max_chunk": round(max(per_page), 4),
        "seconds_per_page_overall": round(total_seconds / pages, 4),
        "cpu_seconds_per_page_median": round(statistics.median(cpu_per_page), 4),
        "cpu_seconds_total": round(total_cpu_seconds, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "pdf_mb": round(len(pdf) / 1e6, 2),
        "rss_mb_before": round(rss_before, 1),
        "rss_mb_after": round(rss_after, 1),
        "rss_mb_growth_after_first_chunk": round(max(settled) - settled[0], 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_samples": rss_samples,
        "targets": {"seconds_per_page": 0.08, "total_seconds_1000_two_page_letters": 180},
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    for sample in rss_samples:
        if sample["letters"] % 100 == 0:
            print(f"  after {sample['letters']:>5} letters: RSS {sample['rss_mb']:7.1f} MB")
    print(
        f"{pages} pages in {total_seconds:.1f} s: median {result['seconds_per_page_median'] * 1000:.1f} ms "
        f"per page (overall {result['seconds_per_page_overall'] * 1000:.1f} ms; CPU "
        f"{result['cpu_seconds_per_page_median'] * 1000:.1f} ms), PDF {result['pdf_mb']} MB, "
        f"peak RSS {result['peak_rss_mb']} MB, growth after the first chunk "
        f"{result['rss_mb_growth_after_first_chunk']} MB"
    )
    out = ROOT / "bench" / "results" / "letters.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Scale benchmark: ingest, write path, store size, analysis commands and quality on a generated corpus.

``python benchmarks/bench_scale.py --count 10000 --work /tmp/scale`` generates the corpus
(``gen_corpus.py``, seed 1) unless it is there, then measures in one run, each command as a
user runs it (a fresh ``kg`` process; wall time, peak RSS of the process and its workers):

* ``kg ingest --jobs 1`` and ``--jobs N`` into new stores, and their ratio;
* the store's write path (``write_graphs``, ``KG_INGEST_BATCH`` articles per transaction)
  against pyoxigraph ``bulk_load`` of the same quads, and the store sizes on disk;
* ``kg extract --jobs N`` + ``kg load`` (the cluster path, run locally);
* ``kg stats``, ``kg centrality --measure pagerank``, ``kg communities``, ``kg viz``;
* quality on the generated truth: signed deals found with their seller as a party, and
  hedged or negated deals wrongly recorded as agreements, on the first 1,000 articles.

``--skip-jobs1`` leaves out the single-process ingest (for the 100k run). Set ``KG_PARSER=off``
for rules-only extraction. ``--analysis STORE`` measures only the analysis commands on a store
an earlier run left (``--repeat N``: best and slowest of N runs each, beside the import floor
measured the same way). Figures print as one Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
KG = [sys.executable, "-m", "kg"]


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(args: list[str], **env: str) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes, the process and its children summed) and stdout of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env}, text=True
    )
    watched = psutil.Process(process.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{err[-3000:]}")
    return seconds, peak, out


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def reopened_size(path: Path) -> tuple[int, int]:
    """Size on disk as the writer left it, then after one more open, which drops the spent write-ahead log."""
    before = du(path)
    store = ox.Store(str(path))
    del store
    return before, du(path)


def write_path(shards: list[Path], work: Path) -> tuple[float, float, int, int]:
    """Seconds to write the shards through the store's batched transactions, and through bulk_load; both sizes."""
    from kg.shards import write_shard
    from kg.store import open_store

    batched, bulk = work / "write-batched", work / "write-bulk"
    for folder in (batched, bulk):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    with open_store(str(batched), writable=True) as store:
        for path in shards:
            write_shard(store, path)
        store.optimize()
    batched_seconds = time.perf_counter() - started
    started = time.perf_counter()
    raw = ox.Store(str(bulk))
    for path in shards:
        raw.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    raw.optimize()
    del raw
    bulk_seconds = time.perf_counter() - started
    return batched_seconds, bulk_seconds, reopened_size(batched)[1], du(bulk)


def quality(store_path: Path, truth: Path, first: int) -> dict[str, float]:
    """Signed deals of the first ``first`` articles found with their seller as a party; unsigned ones wrongly signed."""
    store = ox.Store.read_only(str(store_path))
    query = """
    PREFIX dkg: <https://w3id.org/defense-kg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?src ?label WHERE { GRAPH ?g {
      ?g dkg:sourceId ?src . ?a a dkg:Agreement ; dkg:party ?p . ?p rdfs:label ?label } }
    """
    parties: dict[str, set[str]] = {}
    for row in store.query(query):
        parties.setdefault(row["src"].value, set()).add(row["label"].value)
    signed = found = unsigned = wrong = 0
    with truth.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= first:
                break
            record = json.loads(line)
            got = parties.get(record["id"], set())
            for deal in record["deals"]:
                if deal["status"] == "signed":
                    signed += 1
                    found += deal["seller"] in got
                else:
                    unsigned += 1
                    # Wrong only when the distractor's seller is a party and is not also the signed deal's seller.
                    sellers = {d["seller"] for d in record["deals"] if d["status"] == "signed"}
                    wrong += deal["seller"] in got and deal["seller"] not in sellers
    return {"signed_recall": found / max(1, signed), "unsigned_as_agreement": wrong / max(1, unsigned)}


#: The analysis commands and their arguments (each gets ``--store``).
ANALYSIS = (
    ("kg stats", ["stats"]),
    ("kg centrality --measure pagerank", ["centrality", "--measure", "pagerank", "--top", "10"]),
    ("kg communities", ["communities", "--top", "5"]),
    ("kg viz", ["viz", "-o"]),
)


def analysis(store: Path, work: Path, repeat: int = 1, **env: str) -> list[tuple[str, str]]:
    """Rows timing each analysis command on ``store`` (best of ``repeat`` fresh processes) and the import floor."""
    rows = []
    for name, command in ANALYSIS:
        if command == ["viz", "-o"]:
            command = ["viz", "-o", str(work / f"map-{store.name}.html")]
        runs = [run([*KG, *command, "--store", str(store)], **env) for _ in range(repeat)]
        seconds = sorted(r[0] for r in runs)
        spread = f" (slowest of {repeat}: {seconds[-1]:.2f} s)" if repeat > 1 else ""
        rows.append((name, f"{seconds[0]:.2f} s{spread}, peak RSS {max(r[1] for r in runs) / 2**20:.0f} MB"))
    floor = sorted(run([sys.executable, "-c", "import kg.cli"])[0] for _ in range(repeat))
    rows.append(("(python -c 'import kg.cli': the floor of every command)", f"{floor[0]:.2f} s"))
    return rows


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    print(
        f"\n{title}, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()} ({os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB, load average {os.getloadavg()[0]:.1f} at the end)\n"
    )
    print("| step | figure |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-scale")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--skip-jobs1", action="store_true")
    parser.add_argument(
        "--analysis", type=Path, metavar="STORE", help="Only time the analysis commands on STORE."
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="Runs of each analysis command (best reported)."
    )
    args = parser.parse_args()
    if args.analysis:
        args.work.mkdir(parents=True, exist_ok=True)
        rows = analysis(
            args.analysis, args.work, args.repeat, KG_JUDGEMENTS=str(args.work / "no-judgements.yaml")
        )
        print_table(f"analysis commands on {args.analysis}", rows)
        return
    corpus = args.work / f"corpus-{args.count}"
    if not (corpus / "truth.jsonl").exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(corpus), "--count", str(args.count)], check=True
        )
    articles = str(corpus / "articles")
    judgements = str(args.work / "no-judgements.yaml")  # none: the same resolution input in every run
    rows: list[tuple[str, str]] = []

    def fresh(name: str) -> Path:
        path = args.work / f"{name}-{args.count}"
        shutil.rmtree(path, ignore_errors=True)
        Path(str(path) + ".lock").unlink(missing_ok=True)
        return path

    env = {"KG_JUDGEMENTS": judgements}
    timings: dict[str, float] = {}
    if not args.skip_jobs1:
        s1, rss1, out1 = run(
            [*KG, "ingest", articles, "--no-progress", "--jobs", "1", "--store", str(fresh("store-j1"))],
            **env,
        )
        timings["jobs1"] = s1
        rows.append(
            (
                "kg ingest --jobs 1",
                f"{s1:.1f} s ({args.count / s1:.0f} articles/s), peak RSS {rss1 / 2**20:.0f} MB; {out1.strip().splitlines()[-1]}",
            )
        )
    store = fresh("store")
    sn, rssn, outn = run(
        [*KG, "ingest", articles, "--no-progress", "--jobs", str(args.jobs), "--store", str(store)], **env
    )
    rows.append(
        (
            f"kg ingest --jobs {args.jobs}",
            f"{sn:.1f} s ({args.count / sn:.0f} articles/s), peak RSS {rssn / 2**20:.0f} MB; {outn.strip().splitlines()[-1]}",
        )
    )
    if "jobs1" in timings:
        rows.append((f"ingest speed-up --jobs {args.jobs} ÷ --jobs 1", f"{timings['jobs1'] / sn:.2f}×"))
    left, size = reopened_size(store)
    rows.append(
        (
            "store after ingest",
            f"{left / 2**20:.0f} MB as left, {size / 2**20:.0f} MB once reopened (RocksDB drops the spent write-ahead log at the next open)",
        )
    )
    shards_dir = fresh("shards")
    se, rsse, oute = run([*KG, "extract", articles, "-o", str(shards_dir), "--jobs", str(args.jobs)], **env)
    rows.append(
        (f"kg extract --jobs {args.jobs}", f"{se:.1f} s, peak RSS {rsse / 2**20:.0f} MB; {oute.strip()}")
    )
    sl, rssl, _ = run([*KG, "load", str(shards_dir), "--store", str(fresh("store-loaded"))], **env)
    rows.append(("kg load (bulk, then resolution)", f"{sl:.1f} s, peak RSS {rssl / 2**20:.0f} MB"))
    shards = sorted(shards_dir.glob("*.nq"))
    quads = sum(p.read_bytes().count(b"\n") for p in shards)
    batched, bulk, batched_size, bulk_size = write_path(shards, args.work)
    rows.append(
        (
            "write path (write_graphs, batched) vs bulk_load",
            f"{batched:.1f} s vs {bulk:.1f} s for {quads:,} quads: {bulk / batched:.2f}× bulk_load's speed",
        )
    )
    rows.append(
        (
            "store size: ingest ÷ bulk-loaded",
            f"{size / 2**20:.0f} MB ÷ {bulk_size / 2**20:.0f} MB = {size / bulk_size:.2f}× (batched writes alone: {batched_size / 2**20:.0f} MB)",
        )
    )
    rows += analysis(store, args.work, args.repeat, **env)
    q = quality(store, corpus / "truth.jsonl", 1000)
    rows.append(
        (
            "quality, first 1,000 articles",
            f"signed deals with their seller as party {q['signed_recall']:.3f}; hedged/negated recorded as agreements {q['unsigned_as_agreement']:.3f}",
        )
    )
    print_table(f"{args.count:,} generated articles, KG_PARSER={os.environ.get('KG_PARSER', 'on')}", rows)


if __name__ == "__main__":
    main()

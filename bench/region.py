"""Region: the regional server on PostgreSQL with several worker processes on 127.0.0.1,
80 sites x 4 workstations pushing a sample of a working day's mutations and pulling each
other's people (targets: >= 1,000 mutations/s on a 2-core machine, push p95 < 500 ms).

Each workstation has its own token and sequence, and syncs ``ROUNDS`` times: it pushes a
batch of ``BATCH`` mutations (new people, some of them already registered at another
site, contact edits of people it knows, its own or pulled, and append-only actions), then
pulls the people stream from its cursor until it is caught up. ``CLIENTS`` workstations
sync at once. Figures: mutations per second over the whole run (pushes and pulls), push
and pull p95 latency, and the server's peak memory (its processes' RSS summed, sampled
every 100 ms), and the CPU time spent per mutation by the server's processes, by
PostgreSQL and by the simulated workstations (this process, which shares the machine):
figures that do not depend on the machine's other load.

The cluster runs durable (fsync, synchronous_commit, full_page_writes on; checked before
measuring), as a regional server must. Floor, measured in the same run on the same
cluster (same durability settings): the same
workstations' batches (same seeds, same count) synchronised in plain SQL through psycopg
from ``CLIENTS`` threads of this process, each sync one transaction upserting the records,
logging the people changes and the processed mutations, then reading the changes after
its cursor in pages and gzip-compressing them (:func:`_plain_protocol`): no HTTP, tokens,
merge rules or gap-free versions. The plain INSERT rate of rows as large as a mutation
(``BATCH`` a transaction, ``CLIENTS`` connections) is printed beside it: what the cluster
takes when it only writes. ``--quick`` runs a quarter of the sites.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from bench.harness import Figure, percentile

SITES = 80
STATIONS = 4
ROUNDS = 3
BATCH = 20
CLIENTS = 8
WORKERS = 2
PAGE = 1000
#: An item's id in a pull page.
ID = re.compile(rb'"id":"([0-9a-f-]{36})"')
#: Codici fiscali of people who go to more than one centre (merged by the server).
SHARED_PEOPLE = 300


class Station:
    """One workstation: its token, its mutation sequence and clock, what it knows."""

    def __init__(self, url: str, name: str, token: str, seed: int) -> None:
        self.url, self.name = url, name
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.rng = random.Random(seed)
        self.seq = 0
        self.counter = 0
        self.made = 0
        self.known: list[str] = []
        self.epoch = ""
        self.cursor = 0

    def post(self, call: str, body: dict[str, Any]) -> Any:
        reply = self.http.post(f"{self.url}/v1/{call}", data=json.dumps(body), timeout=120,
                               headers={"Content-Type": "application/json"})
        reply.raise_for_status()
        return reply.json()

    def hello(self) -> None:
        answer = self.post("hello", {"protocol": 1, "client_time_ms": int(time.time() * 1000)})
        self.epoch, self.seq = answer["epoch"], answer["last_seq"]

    def clock(self) -> str:
        self.counter += 1
        return f"{int(time.time() * 1000):013d}.{self.counter % 100000:05d}.{self.name}"

    def mutation(self, kind: str, entity_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        return {"id": str(uuid.uuid4()), "seq": self.seq, "kind": kind, "entity_id": entity_id,
                "op": "upsert", "hlc": self.clock(), "payload": {"fields": fields, "base": {}}}

    def new_person(self) -> dict[str, Any]:
        rng = self.rng
        self.made += 1
        if rng.random() < 0.15:
            n = rng.randrange(SHARED_PEOPLE)
            code = f"CMN{n:05d}A01H501"[:16]
        else:
            code = f"{self.name[:8]}{self.made:05d}X"[:16].upper()
        person_id = str(uuid.uuid4())
        self.known.append(person_id)
        return self.mutation("person", person_id, {
            "fiscal_code": code, "fiscal_code_base": code, "surname": f"Cognome{rng.randrange(5000)}",
            "name": f"Nome{rng.randrange(700)}", "sex": rng.choice("MF"),
            "birth_date": f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(9)}",
            "birthplace_code": "H501", "citizenship": "italiana",
            "mobile": f"3{rng.randrange(10**9):09d}", "email": f"p{self.made}@{self.name}.it"})

    def batch(self) -> list[dict[str, Any]]:
        """A sample of a day: 7 people registered, 8 contact edits, 5 actions."""
        out = [self.new_person() for _ in range(7)]
        for _ in range(8):
            person = self.rng.choice(self.known)
            out.append(self.mutation("person", person,
                                     {"mobile": f"3{self.rng.randrange(10**9):09d}"}))
        for _ in range(5):
            out.append(self.mutation("action", str(uuid.uuid4()), {
                "person_id": self.rng.choice(self.known), "kind": "colloquio",
                "date": "2026-12-04", "minutes": self.rng.randrange(10, 60)}))
        return out

    def push(self) -> tuple[float, int]:
        mutations = self.batch()
        start = time.perf_counter()
        answer = self.post("push", {"mutations": mutations})
        elapsed = time.perf_counter() - start
        bad = [r for r in answer["results"] if r["status"] not in ("applied", "conflict")]
        if bad or len(answer["results"]) != len(mutations):
            raise RuntimeError(f"{self.name}: push refused: {bad[:3]}")
        return elapsed, len(mutations)

    def pull(self) -> list[float]:
        """Pages of the people stream until caught up; each page's latency.

        The page is read whole (as sent, gzip-compressed) but not decoded whole: this
        process shares the machine with the server, and inflating and decoding millions
        of pulled records here would measure the simulated clients (which in the region
        run on the centres' own PCs) more than the server. Its first 40 kB give the
        cursor and a few ids of people it can edit.
        """
        times = []
        while True:
            start = time.perf_counter()
            reply = self.http.post(f"{self.url}/v1/pull", timeout=120, stream=True, data=json.dumps(
                {"stream": "people", "epoch": self.epoch, "cursor": self.cursor,
                 "limit": PAGE}), headers={"Content-Type": "application/json"})
            reply.raise_for_status()
            raw = reply.raw.read(decode_content=False)
            times.append(time.perf_counter() - start)
            if reply.headers.get("Content-Encoding") == "gzip":
                raw = zlib.decompressobj(31).decompress(raw, 40_000)
            head, _, items = raw.partition(b',"items":[')
            page = json.loads(head + b"}") if items else json.loads(raw)
            self.cursor = page["cursor"]
            fresh = [m.decode() for m in ID.findall(items)]
            self.known.extend(self.rng.sample(fresh, min(len(fresh), 20)))
            if not page["has_more"]:
                return times


class Sampler:
    """The server's memory (RSS of its processes, summed), every 100 ms, while it runs."""

    def __init__(self, measure: Any) -> None:
        self.measure = measure
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, self.measure())

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


def _baseline(url: str, rows: int, size: int) -> float:
    """Plain INSERTs: rows per second, ``BATCH`` rows a transaction, ``CLIENTS`` at once."""
    import psycopg

    from desktop.infra.notify import libpq_conninfo

    conninfo = libpq_conninfo(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("CREATE TABLE plain_insert (id uuid PRIMARY KEY, data json NOT NULL)")
    payload = json.dumps({"fields": {"filler": "x" * max(size - 40, 1)}})
    per_client = rows // CLIENTS

    def insert() -> None:
        with psycopg.connect(conninfo) as conn:
            for _ in range(per_client // BATCH):
                with conn.cursor() as cur:
                    cur.executemany("INSERT INTO plain_insert VALUES (%s, %s)",
                                    [(uuid.uuid4(), payload) for _ in range(BATCH)])
                conn.commit()

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for future in [pool.submit(insert) for _ in range(CLIENTS)]:
            future.result()
    return per_client // BATCH * BATCH * CLIENTS / (time.perf_counter() - start)


def _plain_protocol(url: str, names: list[str]) -> float:
    """The same work written plainly: the same workstations' batches (same seeds), each
    sync one transaction of plain SQL through psycopg (records upserted with their
    fields merged, a change-log row per people change numbered by a sequence, a
    processed row per mutation), then the people changes after the workstation's cursor
    read in pages of ``PAGE`` and gzip-compressed as the server answers them; ``CLIENTS``
    at once, in this process. Mutations per second. No HTTP, no tokens, no merge rules,
    no gap-free versions: a floor, not a server."""
    import psycopg

    from desktop.infra.notify import libpq_conninfo

    conninfo = libpq_conninfo(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("CREATE TABLE plain_entity (id uuid PRIMARY KEY, kind text NOT NULL, "
                     "data jsonb NOT NULL)")
        conn.execute("CREATE TABLE plain_change (version bigserial PRIMARY KEY, "
                     "id uuid NOT NULL, data jsonb NOT NULL)")
        conn.execute("CREATE TABLE plain_processed (id uuid PRIMARY KEY, station text NOT NULL, "
                     "seq bigint NOT NULL)")
    stations = [Station("", name, "", seed) for seed, name in enumerate(names)]
    cursors = dict.fromkeys(names, 0)
    done = [0]
    lock = threading.Lock()

    def sync(station: Station) -> None:
        batch = station.batch()
        with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
            # in the order of their ids (stable), as the server takes its locks: two
            # syncs touching the same people never wait for each other in a circle
            records: list[tuple[str, str, str]] = sorted(
                [(str(m["entity_id"]), str(m["kind"]), json.dumps(m["payload"]["fields"]))
                 for m in batch], key=lambda record: record[0])
            cur.executemany(
                "INSERT INTO plain_entity VALUES (%s, %s, %s) ON CONFLICT (id) DO UPDATE "
                "SET data = plain_entity.data || EXCLUDED.data", records)
            cur.executemany("INSERT INTO plain_change (id, data) VALUES (%s, %s)",
                            [(m["entity_id"], json.dumps(m["payload"]["fields"]))
                             for m in batch if m["kind"] == "person"])
            cur.executemany("INSERT INTO plain_processed VALUES (%s, %s, %s)",
                            [(m["id"], station.name, m["seq"]) for m in batch])
            conn.commit()
            while True:
                rows = cur.execute(
                    "SELECT version, id, data::text FROM plain_change WHERE version > %s "
                    "ORDER BY version LIMIT %s", (cursors[station.name], PAGE)).fetchall()
                page = ",".join(f'{{"version":{v},"id":"{i}","fields":{d}}}'
                                for v, i, d in rows)
                zlib.compress(f'{{"items":[{page}]}}'.encode(), 1)
                if rows:
                    cursors[station.name] = rows[-1][0]
                    station.known.extend(str(r[1]) for r in rows[:20])
                conn.commit()
                if len(rows) < PAGE:
                    break
        with lock:
            done[0] += len(batch)

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for _round in range(ROUNDS):
            for future in [pool.submit(sync, s) for s in stations]:
                future.result()
    return done[0] / (time.perf_counter() - start)


def run(quick: bool = False) -> list[Figure]:
    from server.store import Store
    from tests.helpers.postgres import check_durable, cluster, create_database
    from tests.helpers.region_server import cpu_seconds, postgres_processes, region_server

    sites = SITES // (4 if quick else 1)
    with cluster(durable=True) as base:  # a regional server writes to disk: fsync on
        url = create_database(base)
        check_durable(url)
        store = Store(url, pool_size=1)
        names = [f"s{site:02d}w{ws}" for site in range(sites) for ws in range(STATIONS)]
        tokens = {name: store.create_workstation(name) for name in names}
        store.dispose()
        with region_server(url, workers=WORKERS) as server:
            stations = [Station(server.url, n, tokens[n], seed) for seed, n in enumerate(names)]
            pushes: list[float] = []
            pulls: list[float] = []
            pushed = [0]
            lock = threading.Lock()

            def sync(station: Station) -> None:
                took, count = station.push()
                pages = station.pull()
                # its next sync is minutes away: the server would close an idle link
                station.http.close()
                with lock:
                    pushes.append(took)
                    pulls.extend(pages)
                    pushed[0] += count

            for station in stations:
                station.hello()
                station.pull()  # a workstation starts caught up
                station.http.close()
            def cpu() -> tuple[float, float]:
                return (sum(cpu_seconds(pid) for pid in server.processes()),
                        sum(cpu_seconds(pid) for pid in postgres_processes(url)))

            sampler = Sampler(server.rss_bytes)
            cpu_before = cpu()
            clients_before = time.process_time()
            start = time.perf_counter()
            with ThreadPoolExecutor(CLIENTS) as pool:
                for _round in range(ROUNDS):
                    for future in [pool.submit(sync, s) for s in stations]:
                        future.result()
            elapsed = time.perf_counter() - start
            cpu_after = cpu()
            clients_cpu = time.process_time() - clients_before
            server_cpu = cpu_after[0] - cpu_before[0]
            db_cpu = cpu_after[1] - cpu_before[1]
            peak = sampler.stop()
            sample = json.dumps(stations[0].batch()[0])
        baseline = _baseline(create_database(base), pushed[0], len(sample))
        plain = _plain_protocol(create_database(base), names)
    rate = pushed[0] / elapsed
    label = f"{sites}_sites_x_{STATIONS}_workstations_{WORKERS}_workers"
    return [
        Figure("region", f"mutations_per_s_{label}", rate, "mutations/s", plain, 1000.0,
               direction="min"),
        # what the cluster takes when only writing rows as large as a mutation
        Figure("region", "plain_insert_rows_per_s", baseline, "rows/s", None, None),
        Figure("region", "push_p95_ms", percentile(pushes, 95) * 1000, "ms", None, 500.0),
        Figure("region", "pull_p95_ms", percentile(pulls, 95) * 1000, "ms", None, None),
        Figure("region", "server_peak_rss_mb", peak / 2**20, "MB", None, None),
        # CPU the server's processes and PostgreSQL spent per mutation (pulls included):
        # unlike the rates above, it does not depend on what else runs on the machine
        Figure("region", "server_cpu_ms_per_mutation", server_cpu * 1000 / pushed[0],
               "ms", None, None),
        Figure("region", "db_cpu_ms_per_mutation", db_cpu * 1000 / pushed[0], "ms", None, None),
        # the simulated workstations (this process) share the machine with the server
        Figure("region", "clients_cpu_ms_per_mutation", clients_cpu * 1000 / pushed[0], "ms",
               None, None),
    ]

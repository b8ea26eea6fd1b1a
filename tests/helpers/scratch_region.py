"""A scratch region with a real conflict: one regional server and two centres in a folder.

For tests (tests/sync/test_scratch_region.py) and to try the Sincronizzazione area by
hand: build it in a folder, then open ``centre-b.sqlite`` there. The server runs on 127.0.0.1 only while the setup is built. It lives with the tests: the
product never starts the regional server (import-linter: desktop never imports server).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path

import uvicorn

from desktop.infra.database import Database, open_database
from desktop.models.person import Person
from desktop.sync import outbox
from desktop.sync.agent import SyncAgent
from desktop.sync.registry import person_fields
from desktop.sync.transport import Transport
from server.app import create_app
from server.store import Store
from tests.helpers.storage import TEST_KEY

#: The person both centres edit, and what each of them changes.
FISCAL_CODE = "BNCGLI85M41F205Z"
FIRST_EDIT = {"surname": "Bianchi Rossi", "mobile": "3479990000"}
SECOND_EDIT = {"surname": "Bianchini", "birth_date": "1985-08-11",
               "email": "g.bianchini@example.it"}


def conflict_setup(folder: Path) -> Database:
    """Build the scratch setup; returns the second centre's database, holding a conflict.

    Centre A registers a person, both centres sync, A and then B change the surname: B's
    change comes back as a conflict in B's Problems list. One more change of B waits in
    its outbox. The caller disposes of the database.
    """
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite+pysqlite:///{folder / 'server.sqlite'}")
    # Port 0: the OS picks a free port as uvicorn binds it (no probe-then-bind race).
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=0,
                                          log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        thread.join(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    centres = [open_database(f"sqlite+pysqlite:///{folder / f'centre-{n}.sqlite'}", key=TEST_KEY)
               for n in ("a", "b")]
    tokens = [store.create_workstation(f"centre-{n}-{uuid.uuid4().hex[:6]}") for n in "ab"]

    def sync(index: int) -> None:
        token = tokens[index]
        agent = SyncAgent(centres[index], Transport(url, lambda: token))
        try:
            agent.sync_once()
        finally:
            agent.transport.close()

    try:
        with centres[0].transaction() as session:
            person = Person(id=uuid.uuid4(), fiscal_code=FISCAL_CODE,
                            fiscal_code_base=FISCAL_CODE, surname="Bianchi",
                            name="Giulia", sex="F", birth_date=dt.date(1985, 8, 1),
                            birthplace_code="F205", citizenship="italiana",
                            mobile="3471234567", email="giulia.bianchi@example.it")
            session.add(person)
            session.flush()
            pid = person.id
            outbox.record(session, "person", pid, "upsert", person_fields(person))
        sync(0)
        sync(1)
        for index, changes in ((0, FIRST_EDIT), (1, SECOND_EDIT)):
            with centres[index].transaction() as session:
                row = session.get(Person, pid)
                assert row is not None
                for key, value in changes.items():
                    setattr(row, key, dt.date.fromisoformat(value)
                            if key == "birth_date" else value)
                outbox.record(session, "person", pid, "upsert", changes)
        sync(0)
        sync(1)
        with centres[1].transaction() as session:  # one more change waiting to be sent
            row = session.get(Person, pid)
            assert row is not None
            row.mobile = "3400000001"
            outbox.record(session, "person", pid, "upsert", {"mobile": row.mobile})
    finally:
        server.should_exit = True
        thread.join(10)
        store.dispose()
        centres[0].dispose()
    return centres[1]

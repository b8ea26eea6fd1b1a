"""Agenda GUI fixtures: the queue's small site with a view context (``qctx``), people to
book for, and the GUI suite's demo context (``ctx``) for the Patto."""

from __future__ import annotations

import uuid

import pytest

from tests.agenda.conftest import add_people
from tests.gui import conftest as gui_fixtures
from tests.queue import conftest as queue_fixtures
from tests.queue.conftest import Site

site = queue_fixtures.site
qctx = queue_fixtures.qctx
config = gui_fixtures.config
ops = gui_fixtures.ops
ctx = gui_fixtures.ctx


@pytest.fixture
def people(site: Site) -> list[tuple[uuid.UUID, str]]:
    return add_people(site.db, 3)


window = gui_fixtures.window

"""PyInstaller runtime hook: point python-codicefiscale at its bundled tables.

Frozen, the library looks for ``data/municipalities.json`` next to the executable,
while PyInstaller 6 keeps package data under ``_internal/codicefiscale/data``. The
module is patched when it is first imported (not at start-up: loading it costs
~60 ms, and only registration and the demo need it).
"""

import importlib.abc
import importlib.machinery
import os
import sys

_MODULE = "codicefiscale.data"


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, inner):
        self._inner = inner

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        folder = os.path.join(sys._MEIPASS, "codicefiscale")
        module.get_data_basedir = lambda: folder


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != _MODULE:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _PatchingLoader(spec.loader)
                return spec
        return None


sys.meta_path.insert(0, _Finder())

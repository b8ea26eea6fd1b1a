"""The Qt user interface: the only package that imports PySide6.

Views read forms into dataclasses, call one service through :mod:`ops`, and show
the result. They never open a database session or build SQL.
"""

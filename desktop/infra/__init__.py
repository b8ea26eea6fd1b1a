"""Infrastructure below every area: opening the database (engine, migrations, backup before
migrating), encryption at rest, the OS credential store, change notification between the apps
sharing a database, the clock and the regional server's reachability.

Nothing here knows a job-centre rule; every area of ``desktop.services`` and ``desktop.sync``
builds on it. No Qt.
"""

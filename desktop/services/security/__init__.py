"""Security and accounts: operator accounts and passwords, permissions by role, the
tamper-evident audit log, backup and restore, and data-subject requests (GDPR).

Every other area checks permissions and writes audit lines through this package.
Mirrors ``desktop.views.security``.
"""

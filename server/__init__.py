"""Reference regional server (the sync issue builds it)."""

"""Security screens: change of password, idle lock, accounts and audit windows."""

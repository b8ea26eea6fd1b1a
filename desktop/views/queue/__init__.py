"""Queue (Coda) windows: counter console, waiting-room display, kiosk, ticket printing."""

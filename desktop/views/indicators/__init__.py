"""Views of the indicators (the Osservatorio area)."""

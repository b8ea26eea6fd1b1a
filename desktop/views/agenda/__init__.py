"""The agenda's views: the appointments table, the booking dialog, the kiosk's check-in
panel and the counter's day list (the page is desktop/views/pages/agenda.py)."""

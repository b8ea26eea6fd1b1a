"""Messages to people: the outbox in the database, its worker, e-mail and SMS transports,
consent and preferred channel, and the reminders planned for appointments.

The lowest service area above security: it never reads people or the queue through
their services; callers pass the addresses (the one exception, the appointment adapter
in :mod:`appointments`, reads the appointment table and the person's contacts directly).
"""

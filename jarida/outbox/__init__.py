"""The outbox: every e-mail the site sends is a row first, delivered by the scheduler.

Django's `EMAIL_BACKEND` is `jarida.outbox.backends.OutboxBackend`: sending (a workflow
notification, a password reset, a digest) writes the message into `OutgoingMessage` in the
sender's own transaction and returns at once, so an SMTP server that is down or slow never
blocks or breaks an editor's action. `run_scheduler` drains the table through the real backend
that `EMAIL_URL` names (`OUTBOX_DELIVERY_BACKEND`), retrying failures with exponential
back-off (`jarida.outbox.delivery`).
"""

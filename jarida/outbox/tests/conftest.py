from jarida.outbox.tests.smtp import smtp_sink  # noqa: F401  (fixture)

"""Pipeline stages. Importing this package registers them; DEFAULT_STAGES is their order."""

DEFAULT_STAGES: tuple[str, ...] = ()

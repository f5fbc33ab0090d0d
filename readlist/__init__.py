"""readlist: triage research paper digests from the terminal."""

__version__ = "0.1.0"

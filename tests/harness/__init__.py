"""What the tests (and the benchmarks) share: Pilot helpers, the pty driver, the sshd
harness, throwaway accounts and process walkers. Import as ``tests.harness.<module>``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The checkout."""

"""Fixtures of the fault tests (tests/faults/support.py has them and their helpers)."""

from tests.faults.support import fault_db, fault_editor  # noqa: F401

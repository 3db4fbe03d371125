"""Session state shared by the live plugin, conftest and the report (kept apart so importing it loads no plugin)."""

import pytest

# Why the live tier does not run in this session (None when it runs).
REASON = pytest.StashKey[str | None]()

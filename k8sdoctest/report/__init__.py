"""The verification report: typed records, the merge of CI reports, and its writers (JSON, text)."""

from .merge import merge
from .records import SCHEMA_VERSION, BlockRecord, CheckRecord, Report, ReportError, assemble, block_record, build, read, validate, write
from .text import text_lines

__all__ = [
    "SCHEMA_VERSION", "BlockRecord", "CheckRecord", "Report", "ReportError", "assemble", "block_record", "build", "merge", "read", "text_lines",
    "validate", "write",
]

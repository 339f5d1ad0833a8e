"""Case archives: a case as JSON plus images, checked, exported and imported.

The same description (format "caseapp.case", version 1) is the demo fixture and the
case.json inside an archive zip. Importing checks everything first and stores nothing
unless the whole case is sound.
"""

from .cases import create_case, describe
from .checks import FORMAT, FORMAT_VERSION, MAX_ARCHIVE_BYTES, ArchiveError, check_data
from .zipfiles import export_case, import_case

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_ARCHIVE_BYTES",
    "ArchiveError",
    "check_data",
    "create_case",
    "describe",
    "export_case",
    "import_case",
]
